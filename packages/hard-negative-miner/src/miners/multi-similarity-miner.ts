import * as tf from "@tensorflow/tfjs-core";
import { deviceLabelMasks } from "../device/label-masks.js";
import { checkNumber } from "../errors.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import type { PairIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { PairCollector } from "../utils/pair-collector.js";
import { BaseMiner, type MinerOptions } from "./base-miner.js";

/** Options of {@link MultiSimilarityMiner}. */
export interface MultiSimilarityMinerOptions extends MinerOptions {
  /** Slack of the pair selection; default 0.1 as in PML. */
  epsilon?: number;
}

/**
 * Multi-similarity mining (Wang et al. 2019): keeps positives less similar than the anchor's
 * most similar negative (minus epsilon) and negatives more similar than its least similar
 * positive (plus epsilon). Returns pairs.
 */
export class MultiSimilarityMiner extends BaseMiner<PairIndices> {
  readonly epsilon: number;

  constructor(options: MultiSimilarityMinerOptions = {}) {
    super(options.distance ?? new CosineSimilarity(), options.path);
    this.epsilon = checkNumber("epsilon", options.epsilon ?? 0.1);
  }

  protected override deviceOutput(): "pairs" {
    return "pairs";
  }

  /** The same pairs as device masks, from each row's hardest positive and negative values. */
  selectOnDevice(ctx: MetricContext): { pos: tf.Tensor2D; neg: tf.Tensor2D } {
    return tf.tidy(() => {
      const { pos, neg } = deviceLabelMasks(ctx);
      const mat = this.distance.matrix(ctx.embeddings, ctx.ref);
      const inv = this.distance.isInverted;
      const eps = this.epsilon;
      // similarities: hardest negative = most similar, hardest positive = least similar
      const lowest = (mask: tf.Tensor2D) =>
        tf.min(tf.where(mask, mat, tf.fill(mat.shape, Infinity)), 1, true);
      const highest = (mask: tf.Tensor2D) =>
        tf.max(tf.where(mask, mat, tf.fill(mat.shape, -Infinity)), 1, true);
      const hardNeg = inv ? highest(neg) : lowest(neg);
      const hardPos = inv ? lowest(pos) : highest(pos);
      const keepPos = inv
        ? tf.less(tf.sub(mat, eps), hardNeg)
        : tf.greater(tf.add(mat, eps), hardNeg);
      const keepNeg = inv
        ? tf.greater(tf.add(mat, eps), hardPos)
        : tf.less(tf.sub(mat, eps), hardPos);
      return {
        pos: tf.cast(tf.logicalAnd(pos, keepPos), "float32") as tf.Tensor2D,
        neg: tf.cast(tf.logicalAnd(neg, keepNeg), "float32") as tf.Tensor2D,
      };
    });
  }

  protected mineMatrix(mat: Float32Array, ctx: MetricContext): PairIndices {
    const { labels, refLabels, selfIndex } = ctx;
    const m = refLabels.length;
    const inv = this.distance.isInverted;
    const eps = this.epsilon;
    const pairs = new PairCollector();
    for (let i = 0; i < labels.length; i++) {
      const li = labels[i]!;
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      const row = i * m;
      // hardest negative value and hardest positive value of the row
      let hardNeg = inv ? -Infinity : Infinity;
      let hardPos = inv ? Infinity : -Infinity;
      for (let j = 0; j < m; j++) {
        const v = mat[row + j]!;
        if (refLabels[j] === li) {
          if (j !== self) hardPos = inv ? Math.min(hardPos, v) : Math.max(hardPos, v);
        } else hardNeg = inv ? Math.max(hardNeg, v) : Math.min(hardNeg, v);
      }
      for (let j = 0; j < m; j++) {
        const v = mat[row + j]!;
        if (refLabels[j] === li) {
          if (j === self) continue;
          if (inv ? v - eps < hardNeg : v + eps > hardNeg) {
            pairs.positive(i, j);
          }
        } else if (inv ? v + eps > hardPos : v - eps < hardPos) {
          pairs.negative(i, j);
        }
      }
    }
    return pairs.toIndices();
  }
}
