import * as tf from "@tensorflow/tfjs-core";
import type { DeviceSelection } from "../device/selection.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { checkNumber } from "../errors.js";
import { MeanReducer } from "../reducers/mean-reducer.js";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { allPairs, pairCounts, toPairs } from "../utils/indices.js";
import { gatherPairs, gatherRows, stopGradient } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions, rowMajorAnchors } from "./base-loss.js";

/** Options of {@link NTXentLoss}. */
export interface NTXentLossOptions extends LossOptions {
  /** Softmax temperature; default 0.07 as in PML. */
  temperature?: number;
}

/**
 * NT-Xent / InfoNCE (Chen et al. 2020): for every positive pair (a, p),
 * -log(exp(s_ap/t) / (exp(s_ap/t) + sum over a's negatives n of exp(s_an/t))). Mean over positive pairs.
 */
export class NTXentLoss extends BaseMetricLoss {
  readonly temperature: number;

  constructor(options: NTXentLossOptions = {}) {
    super(
      options.distance ?? new CosineSimilarity(),
      options.reducer ?? new MeanReducer(),
      options,
    );
    this.temperature = checkNumber("temperature", options.temperature ?? 0.07, Number.MIN_VALUE);
  }

  protected override takesDeviceSelections(): boolean {
    return true;
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const selection = this.deviceSelection(indices);
    if (selection) return this.fromMasks(ctx, selection);
    const pairs = indices ? toPairs(indices) : allPairs(ctx);
    if (pairs.a1.length === 0 || pairs.a2.length === 0) return null;
    const n = ctx.labels.length;
    const m = ctx.refLabels.length;
    // Duplicated negative pairs count as often as they occur, as in PML.
    const negCounts = tf.tensor2d(pairCounts(pairs.a2, pairs.n, n, m), [n, m]);
    let mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    if (!this.distance.isInverted) mat = tf.neg(mat);
    mat = tf.div(mat, this.temperature);
    const shifted = tf.sub(mat, stopGradient(tf.max(mat, 1, true))) as tf.Tensor2D;
    const negSum = tf.sum(tf.mul(negCounts, tf.exp(shifted)), 1);
    const pos = gatherPairs(shifted, pairs.a1, pairs.p);
    const negOfPair = gatherRows(negSum, pairs.a1);
    const losses = tf.sub(tf.log(tf.add(tf.exp(pos), negOfPair)), pos) as tf.Tensor1D;
    return this.reduce(losses, pairs.a1, ctx.labels);
  }

  /**
   * Device masks: the loss of every (a, p) in the [N, M] matrix, valid where `pos` is. Without
   * negatives each loss is log(e^s) − s = 0, and without positives nothing is valid: both give
   * 0, as the host path's empty batch.
   */
  private fromMasks(ctx: MetricContext, selection: DeviceSelection): tf.Scalar {
    const n = ctx.labels.length;
    const m = ctx.refLabels.length;
    let mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    if (!this.distance.isInverted) mat = tf.neg(mat);
    mat = tf.div(mat, this.temperature);
    const shifted = tf.sub(mat, stopGradient(tf.max(mat, 1, true))) as tf.Tensor2D;
    const negSum = tf.sum(tf.mul(selection.neg, tf.exp(shifted)), 1, true);
    const losses = tf.sub(tf.log(tf.add(tf.exp(shifted), negSum)), shifted);
    const valid = tf.reshape(selection.pos, [-1]) as tf.Tensor1D;
    const flat = tf.reshape(losses, [-1]) as tf.Tensor1D;
    return this.reduceMasked(flat, valid, rowMajorAnchors(n, m), ctx.labels);
  }
}
