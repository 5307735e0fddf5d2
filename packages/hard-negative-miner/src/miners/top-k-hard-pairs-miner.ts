import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { checkInteger } from "../errors.js";
import type { PairIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { PairCollector } from "../utils/pair-collector.js";
import { insertTopK } from "../utils/top-k.js";
import { BaseMiner, type MinerOptions } from "./base-miner.js";
import { contextGroups } from "./groups.js";

/** Options of {@link TopKHardPairsMiner}. */
export interface TopKHardPairsMinerOptions extends MinerOptions {
  /** Negatives kept per anchor, the closest ones (after `skipNegatives`); default 32. */
  negatives?: number;
  /** Positives kept per anchor, the farthest ones; default 4. */
  positives?: number;
  /**
   * Each anchor's closest negatives left out before the `negatives` are taken (default 0): with
   * incomplete annotation the "negatives" most similar to an anchor are the likeliest to be
   * unlabelled positives (a false-negative guard, semi-hard mining by rank).
   */
  skipNegatives?: number;
}

/**
 * For each anchor, its `negatives` closest negatives and its `positives` farthest positives.
 * Against a large memory bank {@link TopKHardNegativesMiner} keeps every positive: hundreds of
 * them against a few mined negatives, so a SupCon/NTXent loss over the kept pairs barely moves.
 * Capping the positives to the hardest few makes each anchor's softmax a real choice between
 * a handful of same-class partners it is far from and the other classes' nearest members.
 * Respects groups ({@link BaseMiner.mineWithGroups}): negatives then come from the anchor's group.
 * Not in PML. O(N*M*(k+p)) time, O(k+p) extra memory.
 */
export class TopKHardPairsMiner extends BaseMiner<PairIndices> {
  readonly negatives: number;
  readonly positives: number;
  readonly skipNegatives: number;

  constructor(options: TopKHardPairsMinerOptions = {}) {
    super(options.distance ?? new CosineSimilarity());
    this.negatives = checkInteger("negatives", options.negatives ?? 32, 1);
    this.positives = checkInteger("positives", options.positives ?? 4, 1);
    this.skipNegatives = checkInteger("skipNegatives", options.skipNegatives ?? 0, 0);
  }

  override get respectsGroups(): boolean {
    return true;
  }

  protected mineMatrix(mat: Float32Array, ctx: MetricContext): PairIndices {
    const { labels, refLabels, selfIndex } = ctx;
    const grouped = contextGroups(ctx);
    const m = refLabels.length;
    const inv = this.distance.isInverted;
    const pairs = new PairCollector();
    // the skipped closest negatives are ranked with the kept ones, then dropped
    const negSize = this.skipNegatives + this.negatives;
    const negIdx = new Int32Array(negSize);
    const negVal = new Float64Array(negSize);
    const posIdx = new Int32Array(this.positives);
    const posVal = new Float64Array(this.positives);
    for (let i = 0; i < labels.length; i++) {
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      const group = grouped ? grouped.groups[i]! : -1;
      let negCount = 0;
      let posCount = 0;
      for (let j = 0; j < m; j++) {
        // closeness: larger = more similar; ties keep the earlier column
        const c = inv ? mat[i * m + j]! : -mat[i * m + j]!;
        if (refLabels[j] === labels[i]) {
          if (j !== self) posCount = insertTopK(this.positives, posIdx, posVal, posCount, j, -c);
        } else if (!grouped || grouped.refGroups[j] === group) {
          negCount = insertTopK(negSize, negIdx, negVal, negCount, j, c);
        }
      }
      for (let t = 0; t < posCount; t++) {
        pairs.positive(i, posIdx[t]!);
      }
      for (let t = this.skipNegatives; t < negCount; t++) {
        pairs.negative(i, negIdx[t]!);
      }
    }
    return pairs.toIndices();
  }
}
