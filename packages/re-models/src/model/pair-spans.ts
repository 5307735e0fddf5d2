import type { EncodedDocument } from "@biore/relation-dataset";

/**
 * Adds to `weights` (one row of T token weights, starting at `offset`) the
 * tokens between each head and tail mention that share a sentence — where
 * trigger words sit ("X-induced Y", "Y treated with X"). Mentions that touch
 * contribute their joint span instead. Each span weighs the same and the
 * weights sum to 1; nothing is written when no mentions share a sentence.
 * Returns the token range written, [from, to) (from = to when none).
 */
export function writeBetweenWeights(
  doc: EncodedDocument,
  headMentions: readonly number[],
  tailMentions: readonly number[],
  weights: Float32Array,
  offset: number,
): { from: number; to: number } {
  const spans: [number, number][] = [];
  for (const a of headMentions) {
    const aStart = doc.mentionStart[a] as number;
    const aEnd = doc.mentionEnd[a] as number;
    for (const b of tailMentions) {
      const bStart = doc.mentionStart[b] as number;
      if (doc.sentenceIds[aStart] !== doc.sentenceIds[bStart]) continue;
      const bEnd = doc.mentionEnd[b] as number;
      const from = Math.min(aEnd, bEnd);
      const to = Math.max(aStart, bStart);
      spans.push(from < to ? [from, to] : [Math.min(aStart, bStart), Math.max(aEnd, bEnd)]);
    }
  }
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const [from, to] of spans) {
    const w = 1 / (spans.length * (to - from));
    for (let i = from; i < to; i++) weights[offset + i] = (weights[offset + i] as number) + w;
    first = Math.min(first, from);
    last = Math.max(last, to);
  }
  return spans.length > 0 ? { from: first, to: last } : { from: 0, to: 0 };
}
