import type { EncodedDocument } from "@biore/relation-dataset";

/** The mentions (within the first `len` tokens) of each concept, by index. */
export function mentionsOfConcepts(doc: EncodedDocument, len: number): number[][] {
  const out = Array.from({ length: doc.conceptTypeIds.length }, () => [] as number[]);
  for (let k = 0; k < doc.mentionStart.length; k++) {
    const start = doc.mentionStart[k] as number;
    const end = doc.mentionEnd[k] as number;
    if (start < 0 || end > len || end <= start) continue; // cut off by truncation
    out[doc.mentionConcept[k] as number]?.push(k);
  }
  return out;
}

/**
 * Adds to `weights` (one row of T token weights, starting at `offset`) the
 * tokens between each head and tail mention that share a sentence — where
 * trigger words sit ("X-induced Y", "Y treated with X"). Mentions that touch
 * contribute their joint span instead. Each span weighs the same and the
 * weights sum to 1; nothing is written when no mentions share a sentence.
 */
export function writeBetweenWeights(
  doc: EncodedDocument,
  headMentions: readonly number[],
  tailMentions: readonly number[],
  weights: Float32Array,
  offset: number,
): void {
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
  for (const [from, to] of spans) {
    const w = 1 / (spans.length * (to - from));
    for (let i = from; i < to; i++) weights[offset + i] = (weights[offset + i] as number) + w;
  }
}
