import type { EncodedDocument } from "@biore/relation-dataset";
import type { BatchArrays } from "../model/batch-inputs.js";
import { createRng } from "../random.js";

/**
 * Training-time entity masking ("Learning from Context or Names?", Peng et al. 2020):
 * with probability `rate`, every mention of a concept loses its word ids for this step and
 * keeps only its entity type (id 0, whose embedding row nothing else trains: the padding is
 * masked out after the input layer). The model then has to type relations from the context
 * rather than from memorised names. Whole concepts, so no mention gives the name away.
 * Writes into `arrays.tokenIds` in place; seeded, so a run is reproducible.
 */
export function maskEntityWords(
  docs: readonly EncodedDocument[],
  arrays: BatchArrays,
  rate: number,
  seed: number,
): void {
  if (rate <= 0) return;
  const rng = createRng(seed);
  const t = arrays.maxTokens;
  docs.forEach((doc, row) => {
    const masked = Array.from(doc.conceptTypeIds, () => rng() < rate);
    zeroMentionWords(doc, arrays.tokenIds, row * t, (concept) => masked[concept] === true);
  });
}

/**
 * Sets to 0 the word ids of every mention of the concepts `masked` picks, in `tokenIds` where
 * the document's tokens start at `offset` (a batch row, or 0 for a copy of the document's own).
 */
export function zeroMentionWords(
  doc: EncodedDocument,
  tokenIds: Int32Array,
  offset: number,
  masked: (concept: number) => boolean,
): void {
  const len = doc.tokenIds.length;
  for (let k = 0; k < doc.mentionStart.length; k++) {
    if (!masked(doc.mentionConcept[k] as number)) continue;
    const start = Math.max(0, doc.mentionStart[k] as number);
    const end = Math.min(len, doc.mentionEnd[k] as number);
    tokenIds.fill(0, offset + start, offset + Math.max(start, end));
  }
}
