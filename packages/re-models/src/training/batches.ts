import type { EncodedDocument } from "@biore/relation-dataset";
import { deriveSeed, shuffled } from "../random.js";

/**
 * The document batches of one epoch, reproducible from (seed, epoch): shuffle,
 * sort by length inside windows of 8 batches (less padding), then shuffle the
 * batch order.
 */
export function epochBatches(
  documents: readonly EncodedDocument[],
  batchSize: number,
  seed: number,
  epoch: number,
): EncodedDocument[][] {
  const usable = documents.filter((d) => d.pairHead.length > 0);
  const order = shuffled(usable, deriveSeed(seed, 1, epoch));
  const window = batchSize * 8;
  const batches: EncodedDocument[][] = [];
  for (let start = 0; start < order.length; start += window) {
    const chunk = order
      .slice(start, start + window)
      .sort((a, b) => a.tokenIds.length - b.tokenIds.length);
    for (let i = 0; i < chunk.length; i += batchSize) batches.push(chunk.slice(i, i + batchSize));
  }
  return shuffled(batches, deriveSeed(seed, 2, epoch));
}

/** Number of batches per epoch (for schedules). */
export function batchesPerEpoch(documents: readonly EncodedDocument[], batchSize: number): number {
  const usable = documents.filter((d) => d.pairHead.length > 0).length;
  const window = batchSize * 8;
  const full = Math.floor(usable / window) * 8;
  const rest = usable % window;
  return full + Math.ceil(rest / batchSize);
}
