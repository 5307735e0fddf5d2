import { LpDistance } from "../distances/lp-distance.js";
import { checkNumber, MetricLearningError } from "../errors.js";
import type { TripletIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { IntBuffer } from "../utils/int-buffer.js";
import { createRng } from "../utils/rng.js";
import { BaseMiner } from "./base-miner.js";

/** Options of {@link DistanceWeightedMiner} (PML names and defaults, plus a seed). */
export interface DistanceWeightedMinerOptions {
  /** Distances below this are raised to it before weighting; default 0.5. */
  cutoff?: number;
  /** Negatives at or beyond this distance get weight 0; default 1.4. */
  nonzeroLossCutoff?: number;
  /** Must be an L2-normalized, unsquared Euclidean LpDistance (the default). */
  distance?: LpDistance;
  /** Seed of the sampling; default 0. Successive calls continue the sequence. */
  seed?: number;
}

/**
 * Distance-weighted sampling (Wu et al. 2017): for each anchor, negatives are drawn with
 * probability proportional to the inverse of the density of distances between points on the
 * unit hypersphere, q(d)^-1 = d^(2-D) (1 - d^2/4)^((3-D)/2). Per anchor, as many triplets as
 * it has same-class references, each with a uniformly drawn positive (PML's
 * get_random_triplet_indices).
 */
export class DistanceWeightedMiner extends BaseMiner<TripletIndices> {
  readonly cutoff: number;
  readonly nonzeroLossCutoff: number;
  private readonly rand: () => number;

  constructor(options: DistanceWeightedMinerOptions = {}) {
    const distance = options.distance ?? new LpDistance();
    if (
      !(distance instanceof LpDistance) ||
      distance.p !== 2 ||
      distance.power !== 1 ||
      !distance.normalizeEmbeddings
    ) {
      throw new MetricLearningError(
        "INCOMPATIBLE_DISTANCE",
        "distance",
        "DistanceWeightedMiner needs a normalized LpDistance with p=2 and power=1",
      );
    }
    super(distance);
    this.cutoff = checkNumber("cutoff", options.cutoff ?? 0.5, 0);
    this.nonzeroLossCutoff = checkNumber("nonzeroLossCutoff", options.nonzeroLossCutoff ?? 1.4, 0);
    this.rand = createRng(options.seed ?? 0);
  }

  /** Negative sampling weights [N, M] (rows sum to 1, or are all 0), computed in float64. */
  weights(mat: Float32Array, ctx: MetricContext): Float64Array {
    const { labels, refLabels } = ctx;
    const m = refLabels.length;
    const d = ctx.embeddings.shape[1];
    const logW = new Float64Array(labels.length * m).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < labels.length; i++) {
      let rowMax = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < m; j++) {
        if (refLabels[j] === labels[i]) continue;
        const dist = Math.max(mat[i * m + j]!, this.cutoff);
        if (dist >= this.nonzeroLossCutoff) continue;
        const lw = (2 - d) * Math.log(dist) - ((d - 3) / 2) * Math.log(1 - 0.25 * dist * dist);
        if (!Number.isFinite(lw)) continue;
        logW[i * m + j] = lw;
        rowMax = Math.max(rowMax, lw);
      }
      let total = 0;
      for (let j = 0; j < m; j++) {
        const w = rowMax === Number.NEGATIVE_INFINITY ? 0 : Math.exp(logW[i * m + j]! - rowMax);
        logW[i * m + j] = w;
        total += w;
      }
      if (total > 0) for (let j = 0; j < m; j++) logW[i * m + j]! /= total;
    }
    return logW;
  }

  protected mineMatrix(mat: Float32Array, ctx: MetricContext): TripletIndices {
    const { labels, refLabels, selfIndex } = ctx;
    const m = refLabels.length;
    const w = this.weights(mat, ctx);
    const a = new IntBuffer();
    const p = new IntBuffer();
    const n = new IntBuffer();
    const cumulative = new Float64Array(m);
    for (let i = 0; i < labels.length; i++) {
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      const positives: number[] = [];
      let sameClass = 0;
      for (let j = 0; j < m; j++) {
        if (refLabels[j] !== labels[i]) continue;
        sameClass++;
        if (j !== self) positives.push(j);
      }
      let acc = 0;
      for (let j = 0; j < m; j++) {
        acc += w[i * m + j]!;
        cumulative[j] = acc;
      }
      if (positives.length === 0 || acc <= 0) continue;
      for (let t = 0; t < sameClass; t++) {
        const pj = positives[Math.floor(this.rand() * positives.length)]!;
        const target = this.rand() * acc;
        let lo = 0;
        let hi = m - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > target) hi = mid;
          else lo = mid + 1;
        }
        a.push(i);
        p.push(pj);
        n.push(lo);
      }
    }
    return { anchors: a.toArray(), positives: p.toArray(), negatives: n.toArray() };
  }
}
