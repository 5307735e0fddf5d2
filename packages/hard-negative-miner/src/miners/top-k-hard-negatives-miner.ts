import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { checkInteger } from "../errors.js";
import type { PairIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { PairCollector } from "../utils/pair-collector.js";
import { insertTopK } from "../utils/top-k.js";
import { BaseMiner, type MinerOptions } from "./base-miner.js";
import { contextGroups } from "./groups.js";

/** Options of {@link TopKHardNegativesMiner}. */
export interface TopKHardNegativesMinerOptions extends MinerOptions {
  /** Negatives kept per anchor; default 5. */
  k?: number;
}

/**
 * For each anchor, its k closest negatives (hardest first) as negative pairs, and every one of
 * its positives as positive pairs. Not in PML; pairs feed NTXent/SupCon/contrastive losses
 * directly, or become (positive x top-k negative) triplets for triplet losses.
 * Respects groups ({@link BaseMiner.mineWithGroups}): negatives then come from the anchor's group.
 * Selection is a bounded insertion per row: O(N*M*k) time, O(k) extra memory.
 */
export class TopKHardNegativesMiner extends BaseMiner<PairIndices> {
  readonly k: number;

  constructor(options: TopKHardNegativesMinerOptions = {}) {
    super(options.distance ?? new CosineSimilarity(), options.path);
    this.k = checkInteger("k", options.k ?? 5, 1);
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
    const topIdx = new Int32Array(this.k);
    const topVal = new Float64Array(this.k);
    for (let i = 0; i < labels.length; i++) {
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      let count = 0;
      for (let j = 0; j < m; j++) {
        const v = mat[i * m + j]!;
        if (refLabels[j] === labels[i]) {
          if (j !== self) {
            pairs.positive(i, j);
          }
          continue;
        }
        if (grouped && grouped.refGroups[j] !== grouped.groups[i]) continue;
        // closeness: larger = harder negative; ties keep the earlier column
        const c = inv ? v : -v;
        count = insertTopK(this.k, topIdx, topVal, count, j, c);
      }
      for (let t = 0; t < count; t++) {
        pairs.negative(i, topIdx[t]!);
      }
    }
    return pairs.toIndices();
  }
}
