import {
  labelSoftmaxCrossEntropy,
  maskedSoftmaxCrossEntropy,
  selfSimilaritySoftmaxCrossEntropy,
} from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { checkNumber } from "../errors.js";
import { AvgNonZeroReducer } from "../reducers/avg-non-zero-reducer.js";
import type { IndicesTuple } from "../types.js";
import { isSelfBatch, type MetricContext } from "../utils/context.js";
import { anyEntry } from "../device/label-masks.js";
import { maskedLogSumExp, stopGradient } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions, rowAnchors } from "./base-loss.js";
import { buildPairMasks, hasPositiveAndNegative, type PairMasks } from "./pair-masks.js";

/** Options of {@link SupConLoss}. */
export interface SupConLossOptions extends LossOptions {
  /** Softmax temperature; default 0.1 as in PML. */
  temperature?: number;
}

/**
 * Supervised contrastive loss (Khosla et al. 2020): per anchor, minus the mean log-probability
 * of its positives under a softmax over its positives and negatives. Averaged over non-zero rows.
 */
export class SupConLoss extends BaseMetricLoss {
  readonly temperature: number;

  constructor(options: SupConLossOptions = {}) {
    super(
      options.distance ?? new CosineSimilarity(),
      options.reducer ?? new AvgNonZeroReducer(),
      options,
    );
    this.temperature = checkNumber("temperature", options.temperature ?? 0.1, Number.MIN_VALUE);
  }

  protected override takesDeviceSelections(): boolean {
    return true;
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const selection = this.deviceSelection(indices);
    if (selection) {
      // PML gives 0 to a batch without any positive or without any negative pair
      const gate = tf.mul(anyEntry(selection.pos), anyEntry(selection.neg));
      const rows = this.tensorRowLosses(ctx, selection.pos, selection.neg);
      return this.reduceRows(tf.mul(rows, gate) as tf.Tensor1D, ctx);
    }
    const onHost = this.usesHostOps();
    if (indices === null && onHost) return this.hostAllPairs(ctx);
    const masks = buildPairMasks(ctx, indices);
    if (!masks.anyPos || !masks.anyNeg) return null;
    if (onHost) return this.reduceRows(this.hostRowLosses(ctx, masks), ctx);
    return this.reduceRows(this.tensorRowLosses(ctx, masks.pos, masks.neg), ctx);
  }

  /** Per-row losses written with tensor ops over 0/1 masks (the device path). */
  private tensorRowLosses(ctx: MetricContext, pos: tf.Tensor2D, neg: tf.Tensor2D): tf.Tensor1D {
    let mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    if (!this.distance.isInverted) mat = tf.neg(mat);
    mat = tf.div(mat, this.temperature);
    mat = tf.sub(mat, stopGradient(tf.max(mat, 1, true)));
    const denominator = maskedLogSumExp(mat, tf.add(pos, neg), false);
    const logProb = tf.sub(mat, tf.expandDims(denominator, 1));
    const posCount = tf.sum(pos, 1);
    const posSum = tf.sum(tf.mul(pos, logProb), 1);
    // rows without positives: 0 / 1 = 0
    return tf.neg(tf.div(posSum, tf.maximum(posCount, 1))) as tf.Tensor1D;
  }

  /**
   * Every valid pair on host arrays: one fused op comparing labels inside its row pass, so no
   * [N, M] mask is built at all (building them took as long as the loss itself at N = 1024).
   * A batch against itself under a dot-product similarity (cosine, the default) takes the
   * symmetric op: one product forward and one backward instead of three.
   */
  private hostAllPairs(ctx: MetricContext): tf.Scalar | null {
    if (!hasPositiveAndNegative(ctx)) return null;
    const scale = (this.distance.isInverted ? 1 : -1) / this.temperature;
    const rows = isSelfBatch(ctx) ? this.distance.gramRows(ctx.embeddings, true) : null;
    if (rows) {
      return this.reduceRows(selfSimilaritySoftmaxCrossEntropy(rows, ctx.labels, { scale }), ctx);
    }
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, true);
    const losses = labelSoftmaxCrossEntropy(mat, ctx.labels, ctx.refLabels, {
      scale,
      exclude: ctx.selfIndex,
    });
    return this.reduceRows(losses, ctx);
  }

  /**
   * The same per-row losses as one fused op on host arrays (cpu and wasm backends): a softmax
   * cross-entropy over each row's positives and negatives whose targets spread 1 evenly over the
   * positives, instead of ~20 full [N, M] tensor temporaries.
   */
  private hostRowLosses(ctx: MetricContext, masks: PairMasks): tf.Tensor1D {
    const pos = masks.posValues;
    const neg = masks.negValues;
    const n = ctx.labels.length;
    const m = pos.length / n;
    const valid = new Uint8Array(pos.length);
    const targets = new Float32Array(pos.length);
    for (let i = 0; i < n; i++) {
      const end = (i + 1) * m;
      let count = 0;
      for (let k = i * m; k < end; k++) count += pos[k]!;
      const share = count > 0 ? 1 / count : 0;
      for (let k = i * m; k < end; k++) {
        valid[k] = pos[k]! + neg[k]! > 0 ? 1 : 0;
        targets[k] = pos[k]! * share;
      }
    }
    const mat = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    const scale = (this.distance.isInverted ? 1 : -1) / this.temperature;
    return maskedSoftmaxCrossEntropy(mat, targets, valid, { scale });
  }

  private reduceRows(losses: tf.Tensor1D, ctx: MetricContext): tf.Scalar | null {
    return this.reduce(losses, rowAnchors(ctx.labels.length), ctx.labels);
  }
}
