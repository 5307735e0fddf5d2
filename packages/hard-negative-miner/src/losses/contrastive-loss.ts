import * as tf from "@tensorflow/tfjs-core";
import type { DeviceSelection } from "../device/selection.js";
import { LpDistance } from "../distances/lp-distance.js";
import { checkNumber } from "../errors.js";
import { AvgNonZeroReducer } from "../reducers/avg-non-zero-reducer.js";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { allPairs, toPairs } from "../utils/indices.js";
import { gatherPairs } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions, rowMajorAnchors } from "./base-loss.js";

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
      options,
    );
    this.posMargin = checkNumber("posMargin", options.posMargin ?? 0);
    this.negMargin = checkNumber("negMargin", options.negMargin ?? 1);
  }

  protected override takesDeviceSelections(): boolean {
    return true;
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const selection = this.deviceSelection(indices);
    if (selection) return this.fromMasks(ctx, selection);
    const pairs = indices ? toPairs(indices) : allPairs(ctx);
    if (pairs.a1.length === 0 && pairs.a2.length === 0) return null;
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
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

  /**
   * Device masks: the same per-pair losses over the whole [N, M] matrix, each part reduced
   * with its mask as the valid elements (a part without pairs reduces to 0, as a missing part).
   */
  private fromMasks(ctx: MetricContext, selection: DeviceSelection): tf.Scalar {
    const n = ctx.labels.length;
    const m = ctx.refLabels.length;
    const mat = tf.reshape(
      this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps()),
      [-1],
    ) as tf.Tensor1D;
    const anchors = rowMajorAnchors(n, m);
    const posLoss = tf.relu(this.distance.margin(mat, this.posMargin)) as tf.Tensor1D;
    const negLoss = tf.relu(this.distance.margin(this.negMargin, mat)) as tf.Tensor1D;
    const flat = (mask: tf.Tensor2D) => tf.reshape(mask, [-1]) as tf.Tensor1D;
    return tf.add(
      this.reduceMasked(posLoss, flat(selection.pos), anchors, ctx.labels),
      this.reduceMasked(negLoss, flat(selection.neg), anchors, ctx.labels),
    ) as tf.Scalar;
  }
}
