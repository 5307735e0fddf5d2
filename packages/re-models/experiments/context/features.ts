// Features of the document-context re-scorer (issue 19, round 2.9; summaries/context-rescoring-round29.md):
// for every candidate pair, what the trained system already says of it (its fused and network
// margins over None) and of the pairs around it — the best other pair of each of its concepts,
// its rank among those and in its document — beside the dataset's plain pair features. Dense
// values are cut into fixed bins so a linear model over binary features can bend.
import type { RelationDataset } from "@biore/relation-dataset";
import { NUM_PAIR_FEATURES } from "@biore/relation-dataset";
import type { PairScores } from "../../src/index.js";
import { typeMargins } from "../../src/inference/decision.js";
import { isMaskedLogit } from "../../src/model/type-mask.js";

/** Bin edges of a margin (best allowed type logit − None logit); the None bias sits near −2. */
const MARGIN_EDGES = [-8, -6, -5, -4, -3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0, 1, 2, 4];
/** Bin edges of a gap between two margins (≥ 0 means the other is better). */
const GAP_EDGES = [-4, -2, -1, -0.25, 0.25, 1, 2, 4];

/** The index of the bin `x` falls in: how many of `edges` it reaches. */
export const bin = (x: number, edges: readonly number[]) => {
  let i = 0;
  while (i < edges.length && x >= (edges[i] as number)) i++;
  return i;
};

/**
 * [P] each pair's margin over None at the type the decision picks (`typeMargins`' best type),
 * in double precision; a pair whose every type is masked gets −20, far below any bias.
 */
export function margins(scores: PairScores): Float64Array {
  const l = scores.numLabels;
  const { bestType } = typeMargins(scores);
  return Float64Array.from(bestType, (k, p) => {
    const best = scores.relationLogits[p * l + k] as number;
    return isMaskedLogit(best) ? -20 : best - (scores.relationLogits[p * l] as number);
  });
}

/** 1-based rank of `value` among `values` (ties share the better rank). */
const rankOf = (value: number, values: readonly number[]) =>
  1 + values.filter((v) => v > value).length;

const docRankBucket = (r: number) =>
  r <= 3 ? String(r) : r <= 5 ? "4-5" : r <= 10 ? "6-10" : r <= 20 ? "11-20" : "21+";

/**
 * The binary features of every pair of `data` (flattened in the scores' order), from the fused
 * scores the system decides on and the network's own scores.
 */
export function contextFeatures(
  data: Pick<RelationDataset, "pairs" | "documents">,
  fused: PairScores,
  net: PairScores,
): string[][] {
  const m = margins(fused);
  const n = margins(net);
  const out: string[][] = [];
  let offset = 0;
  data.pairs.forEach((pairs, d) => {
    const encoded = data.documents[d];
    if (!encoded || encoded.pairFeatures.length !== pairs.length * NUM_PAIR_FEATURES)
      throw new Error(`document ${d}: pair features do not match its ${pairs.length} pairs`);
    const docMargins = pairs.map((_, i) => m[offset + i] as number);
    const docMax = Math.max(...docMargins);
    // the margins of the pairs each concept takes part in
    const byConcept = new Map<string, number[]>();
    pairs.forEach((pair, i) => {
      for (const c of [pair.head.key, pair.tail.key]) {
        const list = byConcept.get(c) ?? [];
        list.push(i);
        byConcept.set(c, list);
      }
    });
    pairs.forEach((pair, i) => {
      const p = offset + i;
      const mp = m[p] as number;
      const f = encoded.pairFeatures;
      const o = i * NUM_PAIR_FEATURES;
      const count = (x: number) => Math.round(Math.expm1(x));
      const shared = Math.min(count(f[o] as number), 3);
      const sentenceDistance = Math.min(count(f[o + 1] as number), 3);
      const mentions = [count(f[o + 2] as number), count(f[o + 3] as number)]
        .map((c) => Math.min(c, 4))
        .sort();
      const titles = (f[o + 4] as number) + (f[o + 5] as number);
      const ranks: number[] = [];
      let otherBest = Number.NEGATIVE_INFINITY;
      for (const c of [pair.head.key, pair.tail.key]) {
        const members = byConcept.get(c) as number[];
        ranks.push(
          Math.min(
            rankOf(
              mp,
              members.map((j) => docMargins[j] as number),
            ),
            4,
          ),
        );
        for (const j of members)
          if (j !== i) otherBest = Math.max(otherBest, docMargins[j] as number);
      }
      ranks.sort();
      const mBin = bin(mp, MARGIN_EDGES);
      out.push([
        "bias",
        `m:${mBin}`,
        `n:${bin(n[p] as number, MARGIN_EDGES)}`,
        `ranks:${ranks.join("-")}`,
        `other:${Number.isFinite(otherBest) ? bin(otherBest - mp, GAP_EDGES) : "none"}`,
        `docRank:${docRankBucket(rankOf(mp, docMargins))}`,
        `docGap:${bin(docMax - mp, GAP_EDGES)}`,
        `pairs:${docRankBucket(pairs.length)}`,
        `shared:${shared}`,
        `distance:${sentenceDistance}`,
        `mentions:${mentions.join("x")}`,
        `titles:${titles}`,
        `types:${pair.head.type}|${pair.tail.type}`,
        `m×shared:${mBin}|${shared > 0 ? 1 : 0}`,
        `m×ranks:${mBin}|${ranks[0]}`,
      ]);
    });
    offset += pairs.length;
  });
  if (offset !== fused.numPairs)
    throw new Error(`the dataset holds ${offset} pairs, the scores ${fused.numPairs}`);
  return out;
}
