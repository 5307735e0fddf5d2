import * as tf from "@tensorflow/tfjs-core";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { checkNumber } from "../errors.js";
import { MeanReducer } from "../reducers/mean-reducer.js";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { maskedLogSumExp } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions, rowAnchors } from "./base-loss.js";
import { buildPairMasks } from "./pair-masks.js";

/** Options of {@link MultiSimilarityLoss} (PML names and defaults). */
export interface MultiSimilarityLossOptions extends LossOptions {
  /** Weight of positive pairs; default 2. */
  alpha?: number;
  /** Weight of negative pairs; default 50. */
  beta?: number;
  /** Similarity offset; default 0.5. */
  base?: number;
}

/**
 * Multi-similarity loss (Wang et al. 2019), per anchor:
 * (1/alpha) log(1 + sum_p exp(-alpha (s_ap - base))) + (1/beta) log(1 + sum_n exp(beta (s_an - base))).
 */
export class MultiSimilarityLoss extends BaseMetricLoss {
  readonly alpha: number;
  readonly beta: number;
  readonly base: number;

  constructor(options: MultiSimilarityLossOptions = {}) {
    super(
      options.distance ?? new CosineSimilarity(),
      options.reducer ?? new MeanReducer(),
      options,
    );
    this.alpha = checkNumber("alpha", options.alpha ?? 2, Number.MIN_VALUE);
    this.beta = checkNumber("beta", options.beta ?? 50, Number.MIN_VALUE);
    this.base = checkNumber("base", options.base ?? 0.5);
  }

  protected override takesDeviceSelections(): boolean {
    return true;
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    // device masks need no emptiness check: empty masks give log(1) = 0 on every row
    const masks = this.deviceSelection(indices) ?? buildPairMasks(ctx, indices);
    if ("anyPos" in masks && !masks.anyPos && !masks.anyNeg) return null;
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    const posExp = this.distance.margin(mat, this.base) as tf.Tensor2D;
    const negExp = this.distance.margin(this.base, mat) as tf.Tensor2D;
    const posLoss = tf.div(
      maskedLogSumExp(tf.mul(posExp, this.alpha), masks.pos, true),
      this.alpha,
    );
    const negLoss = tf.div(maskedLogSumExp(tf.mul(negExp, this.beta), masks.neg, true), this.beta);
    const losses = tf.add(posLoss, negLoss) as tf.Tensor1D;
    return this.reduce(losses, rowAnchors(ctx.labels.length), ctx.labels);
  }
}
