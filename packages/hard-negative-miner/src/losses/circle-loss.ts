import * as tf from "@tensorflow/tfjs-core";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { checkNumber, MetricLearningError } from "../errors.js";
import { AvgNonZeroReducer } from "../reducers/avg-non-zero-reducer.js";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { maskedLogSumExp, stopGradient } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions, rowAnchors } from "./base-loss.js";
import { buildPairMasks } from "./pair-masks.js";
import { rowAny } from "../device/label-masks.js";

/** Options of {@link CircleLoss} (PML names and defaults). */
export interface CircleLossOptions extends LossOptions {
  /** Relaxation margin; default 0.4. */
  m?: number;
  /** Scale factor; default 80. */
  gamma?: number;
}

/**
 * Circle loss (Sun et al. 2020), per anchor: softplus(logsumexp over positives of
 * -gamma a_p (s_p - delta_p) + logsumexp over negatives of gamma a_n (s_n - delta_n)), with
 * detached weights a_p = relu(1 + m - s_p), a_n = relu(s_n + m). Needs a similarity.
 */
export class CircleLoss extends BaseMetricLoss {
  readonly m: number;
  readonly gamma: number;

  constructor(options: CircleLossOptions = {}) {
    super(
      options.distance ?? new CosineSimilarity(),
      options.reducer ?? new AvgNonZeroReducer(),
      options,
    );
    if (!this.distance.isInverted) {
      throw new MetricLearningError(
        "INCOMPATIBLE_DISTANCE",
        "distance",
        "CircleLoss needs a similarity (CosineSimilarity or DotProductSimilarity)",
      );
    }
    this.m = checkNumber("m", options.m ?? 0.4);
    this.gamma = checkNumber("gamma", options.gamma ?? 80, Number.MIN_VALUE);
  }

  protected override takesDeviceSelections(): boolean {
    return true;
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const selection = this.deviceSelection(indices);
    const masks = selection ?? buildPairMasks(ctx, indices);
    if ("anyPos" in masks && (!masks.anyPos || !masks.anyNeg)) return null;
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    const detached = stopGradient(mat);
    const op = 1 + this.m;
    const on = -this.m;
    const deltaP = 1 - this.m;
    const deltaN = this.m;
    const posLogits = tf.mul(
      tf.mul(tf.relu(tf.sub(op, detached)), tf.sub(mat, deltaP)),
      -this.gamma,
    ) as tf.Tensor2D;
    const negLogits = tf.mul(
      tf.mul(tf.relu(tf.sub(detached, on)), tf.sub(mat, deltaN)),
      this.gamma,
    ) as tf.Tensor2D;
    const lsePos = maskedLogSumExp(posLogits, masks.pos, false);
    const lseNeg = maskedLogSumExp(negLogits, masks.neg, false);
    const n = ctx.labels.length;
    // rows with both a positive and a negative (on the device, from the masks: no host read);
    // a batch without either has no such row, so its loss is 0 as PML's
    let valid: tf.Tensor1D;
    if ("rowHasPos" in masks) {
      const rows = new Float32Array(n);
      for (let i = 0; i < n; i++) rows[i] = masks.rowHasPos[i] && masks.rowHasNeg[i] ? 1 : 0;
      valid = tf.tensor1d(rows);
    } else valid = tf.mul(rowAny(masks.pos), rowAny(masks.neg));
    const losses = tf.mul(tf.softplus(tf.add(lsePos, lseNeg)), valid) as tf.Tensor1D;
    return this.reduce(losses, rowAnchors(n), ctx.labels);
  }
}
