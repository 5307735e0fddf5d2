/**
 * Columns of `pairFeatures`, in order. Counts and distances are `log1p`-scaled; flags are 0/1.
 * They are computed on the whole document, before any truncation.
 */
export const PAIR_FEATURE_NAMES = [
  "log1pSameSentenceCount",
  "log1pMinSentenceDistance",
  "log1pHeadMentions",
  "log1pTailMentions",
  "headInTitle",
  "tailInTitle",
  "log1pMinWordDistance",
  "sameEntityType",
] as const;

/** Number of pair feature columns. */
export const NUM_PAIR_FEATURES = PAIR_FEATURE_NAMES.length;

/** What the features need to know about one concept. */
export interface ConceptProfile {
  typeId: number;
  /** Sorted, distinct sentence indices of its mentions. */
  sentences: number[];
  /** First word index of each mention. */
  wordPositions: number[];
  mentionCount: number;
  inTitle: boolean;
}

/** Writes the features of one pair into `out` at row `row`. */
export function writePairFeatures(
  head: ConceptProfile,
  tail: ConceptProfile,
  out: Float32Array,
  row: number,
): void {
  let shared = 0;
  let minSentenceDistance = Number.POSITIVE_INFINITY;
  let i = 0;
  let j = 0;
  const a = head.sentences;
  const b = tail.sentences;
  while (i < a.length && j < b.length) {
    const d = a[i]! - b[j]!;
    minSentenceDistance = Math.min(minSentenceDistance, Math.abs(d));
    if (d === 0) {
      shared++;
      i++;
      j++;
    } else if (d < 0) i++;
    else j++;
  }
  let minWordDistance = Number.POSITIVE_INFINITY;
  for (const p of head.wordPositions) {
    for (const q of tail.wordPositions)
      minWordDistance = Math.min(minWordDistance, Math.abs(p - q));
  }
  const o = row * NUM_PAIR_FEATURES;
  out[o] = Math.log1p(shared);
  out[o + 1] = Number.isFinite(minSentenceDistance) ? Math.log1p(minSentenceDistance) : 0;
  out[o + 2] = Math.log1p(head.mentionCount);
  out[o + 3] = Math.log1p(tail.mentionCount);
  out[o + 4] = head.inTitle ? 1 : 0;
  out[o + 5] = tail.inTitle ? 1 : 0;
  out[o + 6] = Number.isFinite(minWordDistance) ? Math.log1p(minWordDistance) : 0;
  out[o + 7] = head.typeId === tail.typeId ? 1 : 0;
}
