import * as tf from "@tensorflow/tfjs-core";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { checkNumber } from "../errors.js";
import { MeanReducer } from "../reducers/mean-reducer.js";
import type { IndicesTuple } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { allPairs, pairCounts, toPairs } from "../utils/indices.js";
import { gatherPairs, gatherRows, stopGradient } from "../utils/tensor-ops.js";
import { BaseMetricLoss, type LossOptions } from "./base-loss.js";

/** Options of {@link HardNegativeContrastiveLoss} (names and defaults of Robinson et al.'s code). */
export interface HardNegativeContrastiveLossOptions extends LossOptions {
  /** Softmax temperature; default 0.5. */
  temperature?: number;
  /** Concentration on hard negatives (0 = plain debiased loss); default 1. */
  beta?: number;
  /** Class prior tau+ used to debias false negatives (0 = no debiasing); default 0.1. */
  tauPlus?: number;
}

/**
 * The hard-negative contrastive loss of Robinson et al. 2021 ("HCL"): for each positive pair,
 * -log(pos / (pos + Ng)) where negatives are reweighted by exp(beta * s/t) and debiased with tau+:
 * Ng = max((N * sum(w e) / sum(w) - tau+ N pos) / (1 - tau+), N e^{-1/t}).
 * Anchors without negatives are skipped. Not in pytorch-metric-learning.
 */
export class HardNegativeContrastiveLoss extends BaseMetricLoss {
  readonly temperature: number;
  readonly beta: number;
  readonly tauPlus: number;

  constructor(options: HardNegativeContrastiveLossOptions = {}) {
    super(
      options.distance ?? new CosineSimilarity(),
      options.reducer ?? new MeanReducer(),
      options,
    );
    this.temperature = checkNumber("temperature", options.temperature ?? 0.5, Number.MIN_VALUE);
    this.beta = checkNumber("beta", options.beta ?? 1, 0);
    this.tauPlus = checkNumber("tauPlus", options.tauPlus ?? 0.1, 0, 1 - 1e-6);
  }

  protected computeLoss(ctx: MetricContext, indices: IndicesTuple | null): tf.Scalar | null {
    const pairs = indices ? toPairs(indices) : allPairs(ctx);
    const n = ctx.labels.length;
    const m = ctx.refLabels.length;
    const counts = pairCounts(pairs.a2, pairs.n, n, m);
    const negPerRow = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) negPerRow[i]! += counts[i * m + j]!;
    }
    // keep only positive pairs whose anchor has negatives
    const keep: number[] = [];
    pairs.a1.forEach((a, k) => {
      if (negPerRow[a]! > 0) keep.push(k);
    });
    if (keep.length === 0) return null;
    const a1 = Int32Array.from(keep, (k) => pairs.a1[k]!);
    const p = Int32Array.from(keep, (k) => pairs.p[k]!);

    let sim = this.distance.matrix(ctx.embeddings, ctx.ref, this.usesHostOps());
    if (!this.distance.isInverted) sim = tf.neg(sim);
    const logits = tf.div(sim, this.temperature);
    const shift = stopGradient(tf.max(logits, 1, true));
    const u = tf.sub(logits, shift) as tf.Tensor2D; // <= 0, so exp never overflows
    const countT = tf.tensor2d(counts, [n, m]);
    const negExp = tf.exp(u);
    const imp = tf.exp(tf.mul(u, this.beta)); // exp(beta s/t) up to a per-row constant that cancels
    const rowN = tf.tensor1d(negPerRow);
    // rows without negatives are 0/0; they are never gathered, but their NaN would reach the
    // gradient (0 x NaN), so their denominator gets 1 (their numerator is 0)
    const noNegatives = tf.tensor1d(negPerRow.map((c) => (c > 0 ? 0 : 1)));
    const reweight = tf.div(
      tf.mul(rowN, tf.sum(tf.mul(countT, tf.mul(imp, negExp)), 1)),
      tf.add(tf.sum(tf.mul(countT, imp), 1), noNegatives),
    );
    const uPos = gatherPairs(u, a1, p);
    const pos = tf.exp(uPos);
    const nOfPair = gatherRows(rowN, a1);
    const ngRaw = tf.div(
      tf.sub(gatherRows(reweight, a1), tf.mul(tf.mul(nOfPair, pos), this.tauPlus)),
      1 - this.tauPlus,
    );
    // the floor N e^{-1/t}, shifted like everything else
    const floor = tf.mul(
      nOfPair,
      tf.exp(tf.sub(-1 / this.temperature, gatherRows(tf.reshape(shift, [-1]), a1))),
    );
    const ng = tf.maximum(ngRaw, floor);
    const losses = tf.sub(tf.log(tf.add(pos, ng)), uPos) as tf.Tensor1D;
    return this.reduce(losses, a1, ctx.labels);
  }
}
