import * as tf from "@tensorflow/tfjs-core";
import { LpDistance } from "../distances/lp-distance.js";
import { checkNumber } from "../errors.js";
import { AvgNonZeroReducer } from "../reducers/avg-non-zero-reducer.js";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { allPairs, toPairs } from "../utils/indices.js";
import { gatherPairs } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions } from "./base-loss.js";

/** Options of {@link ContrastiveLoss} (PML names and defaults). */
export interface ContrastiveLossOptions extends LossOptions {
  /** Positive pairs closer than this cost nothing; default 0. */
  posMargin?: number;
  /** Negative pairs farther than this cost nothing; default 1. */
  negMargin?: number;
}

/**
 * Contrastive loss (Hadsell et al. 2006): relu(d(a,p) - posMargin) for positive pairs plus
 * relu(negMargin - d(a,n)) for negative pairs (mirrored for similarities); each part reduced
 * separately (non-zero mean by default) and summed, as PML does.
 */
export class ContrastiveLoss extends BaseMetricLoss {
  readonly posMargin: number;
  readonly negMargin: number;

  constructor(options: ContrastiveLossOptions = {}) {
    super(
      options.distance ?? new LpDistance(),
      options.reducer ?? new AvgNonZeroReducer(),
      options.checkFinite,
    );
    this.posMargin = checkNumber("posMargin", options.posMargin ?? 0);
    this.negMargin = checkNumber("negMargin", options.negMargin ?? 1);
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const pairs = indices ? toPairs(indices) : allPairs(ctx);
    if (pairs.a1.length === 0 && pairs.a2.length === 0) return null;
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref);
    const parts: tf.Scalar[] = [];
    if (pairs.a1.length > 0) {
      const pos = gatherPairs(mat, pairs.a1, pairs.p);
      const posLoss = tf.relu(this.distance.margin(pos, this.posMargin)) as tf.Tensor1D;
      parts.push(this.reduce(posLoss, pairs.a1, ctx.labels)!);
    }
    if (pairs.a2.length > 0) {
      const neg = gatherPairs(mat, pairs.a2, pairs.n);
      const negLoss = tf.relu(this.distance.margin(this.negMargin, neg)) as tf.Tensor1D;
      parts.push(this.reduce(negLoss, pairs.a2, ctx.labels)!);
    }
    return parts.length === 1 ? parts[0]! : (tf.add(parts[0]!, parts[1]!) as tf.Scalar);
  }
}
