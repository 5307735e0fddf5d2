import * as tf from "@tensorflow/tfjs-core";
import { deviceLabelMasks, rowAny } from "../device/label-masks.js";
import { LpDistance } from "../distances/lp-distance.js";
import type { TripletIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { IntBuffer } from "../utils/int-buffer.js";
import { BaseMiner, type MinerOptions } from "./base-miner.js";

/**
 * Batch-hard mining (Hermans et al. 2017): for each anchor with at least one positive and one
 * negative, its farthest positive and its closest negative, as one triplet.
 */
export class BatchHardMiner extends BaseMiner<TripletIndices> {
  constructor(options: MinerOptions = {}) {
    super(options.distance ?? new LpDistance(), options.path);
  }

  /** The hardest positive and negative are a row's extremes: only the order counts. */
  protected override ranksOnly(): boolean {
    return true;
  }

  protected override deviceOutput(): "triplets" {
    return "triplets";
  }

  /**
   * The same choice as tensors: the farthest positive is the arg-max of the distances masked
   * to positives (the first one on ties, as the host loop), the closest negative the arg-min.
   */
  selectOnDevice(ctx: MetricContext): { pos: tf.Tensor2D; neg: tf.Tensor2D } {
    return tf.tidy(() => {
      const m = ctx.refLabels.length;
      const { pos, neg } = deviceLabelMasks(ctx);
      // for similarities the hardest positive is the least similar: compare negated values
      const mat = this.distance.matrix(ctx.embeddings, ctx.ref);
      const far = this.distance.isInverted ? tf.neg(mat) : mat;
      const hardPos = tf.argMax(tf.where(pos, far, tf.fill(far.shape, -Infinity)), 1);
      const hardNeg = tf.argMin(tf.where(neg, far, tf.fill(far.shape, Infinity)), 1);
      const valid = tf.expandDims(tf.mul(rowAny(pos), rowAny(neg)), 1);
      return {
        pos: tf.mul(tf.oneHot(hardPos, m, 1, 0, "float32"), valid) as tf.Tensor2D,
        neg: tf.mul(tf.oneHot(hardNeg, m, 1, 0, "float32"), valid) as tf.Tensor2D,
      };
    });
  }

  protected mineMatrix(mat: Float32Array, ctx: MetricContext): TripletIndices {
    const { labels, refLabels, selfIndex } = ctx;
    const m = refLabels.length;
    // farther = larger after this sign (exact): similarities are compared negated
    const sign = this.distance.isInverted ? -1 : 1;
    const a = new IntBuffer(labels.length);
    const p = new IntBuffer(labels.length);
    const n = new IntBuffer(labels.length);
    for (let i = 0; i < labels.length; i++) {
      const li = labels[i]!;
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      // the hardest positive is the farthest, the hardest negative the closest; the first
      // one on ties (the matrix is finite: BaseMiner checked it)
      let bestPos = -1;
      let farthest = Number.NEGATIVE_INFINITY;
      let bestNeg = -1;
      let closest = Number.POSITIVE_INFINITY;
      for (let j = 0, k = i * m; j < m; j++, k++) {
        const v = sign * mat[k]!;
        if (refLabels[j] === li) {
          if (v > farthest && j !== self) {
            bestPos = j;
            farthest = v;
          }
        } else if (v < closest) {
          bestNeg = j;
          closest = v;
        }
      }
      if (bestPos >= 0 && bestNeg >= 0) {
        a.push(i);
        p.push(bestPos);
        n.push(bestNeg);
      }
    }
    return { anchors: a.toArray(), positives: p.toArray(), negatives: n.toArray() };
  }
}
