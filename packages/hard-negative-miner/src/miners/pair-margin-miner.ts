import * as tf from "@tensorflow/tfjs-core";
import { deviceLabelMasks } from "../device/label-masks.js";
import { LpDistance } from "../distances/lp-distance.js";
import { checkNumber } from "../errors.js";
import type { PairIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { PairCollector } from "../utils/pair-collector.js";
import { BaseMiner, type MinerOptions } from "./base-miner.js";

/** Options of {@link PairMarginMiner} (PML names and defaults). */
export interface PairMarginMinerOptions extends MinerOptions {
  /** Positive pairs farther than this are kept; default 0.2. */
  posMargin?: number;
  /** Negative pairs closer than this are kept; default 0.8. */
  negMargin?: number;
}

/** Keeps positive pairs that are not yet close enough and negative pairs that are too close. */
export class PairMarginMiner extends BaseMiner<PairIndices> {
  readonly posMargin: number;
  readonly negMargin: number;

  constructor(options: PairMarginMinerOptions = {}) {
    super(options.distance ?? new LpDistance(), options.path);
    this.posMargin = checkNumber("posMargin", options.posMargin ?? 0.2);
    this.negMargin = checkNumber("negMargin", options.negMargin ?? 0.8);
  }

  protected override deviceOutput(): "pairs" {
    return "pairs";
  }

  /** The same pairs as device masks: positives beyond `posMargin`, negatives within `negMargin`. */
  selectOnDevice(ctx: MetricContext): { pos: tf.Tensor2D; neg: tf.Tensor2D } {
    return tf.tidy(() => {
      const { pos, neg } = deviceLabelMasks(ctx);
      const mat = this.distance.matrix(ctx.embeddings, ctx.ref);
      const inv = this.distance.isInverted;
      const hardPos = inv ? tf.less(mat, this.posMargin) : tf.greater(mat, this.posMargin);
      const hardNeg = inv ? tf.greater(mat, this.negMargin) : tf.less(mat, this.negMargin);
      return {
        pos: tf.cast(tf.logicalAnd(pos, hardPos), "float32") as tf.Tensor2D,
        neg: tf.cast(tf.logicalAnd(neg, hardNeg), "float32") as tf.Tensor2D,
      };
    });
  }

  protected mineMatrix(mat: Float32Array, ctx: MetricContext): PairIndices {
    const { labels, refLabels, selfIndex } = ctx;
    const m = refLabels.length;
    const inv = this.distance.isInverted;
    const pairs = new PairCollector();
    for (let i = 0; i < labels.length; i++) {
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      for (let j = 0; j < m; j++) {
        const v = mat[i * m + j]!;
        if (refLabels[j] === labels[i]) {
          if (j !== self && (inv ? v < this.posMargin : v > this.posMargin)) {
            pairs.positive(i, j);
          }
        } else if (inv ? v > this.negMargin : v < this.negMargin) {
          pairs.negative(i, j);
        }
      }
    }
    return pairs.toIndices();
  }
}
