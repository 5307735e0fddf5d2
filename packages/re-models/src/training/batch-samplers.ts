import type { EncodedDocument } from "@biore/relation-dataset";
import { ModelError } from "../errors.js";
import { deriveSeed, shuffled } from "../random.js";
import { batchesPerEpoch, epochBatches } from "./batches.js";

/**
 * How an epoch's documents are grouped into batches (`TrainOptions.batchSampler`). Every
 * document with a candidate pair appears exactly once per epoch; `count` must equal the
 * number of batches `batches` returns (the learning-rate schedule is laid out from it).
 */
export interface BatchSampler {
  batches(
    documents: readonly EncodedDocument[],
    batchSize: number,
    seed: number,
    epoch: number,
  ): EncodedDocument[][];
  count(documents: readonly EncodedDocument[], batchSize: number): number;
}

/** The default: shuffled, length-sorted within windows of 8 batches (less padding). */
export class LengthBucketedBatches implements BatchSampler {
  batches(documents: readonly EncodedDocument[], batchSize: number, seed: number, epoch: number) {
    return epochBatches(documents, batchSize, seed, epoch);
  }

  count(documents: readonly EncodedDocument[], batchSize: number): number {
    return batchesPerEpoch(documents, batchSize);
  }
}

/** Options of {@link ClassBalancedBatches}. */
export interface ClassBalancedBatchesOptions {
  /** Pairs each relation type present in a batch should have at least (default 2). */
  minPerType?: number;
}

/** Unused documents a class-balanced batch looks through for a filler that adds no short type. */
const FILLER_WINDOW = 32;

/** Relation-type counts (None left out) of a document's candidate pairs. */
function typeCounts(doc: EncodedDocument): Map<number, number> {
  const counts = new Map<number, number>();
  for (const label of doc.labelIds)
    if (label !== 0) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

/**
 * Batches in which, as far as the epoch's documents allow, every relation type present has at
 * least `minPerType` pairs, so every anchor of the contrastive term has a positive in its own
 * batch. Greedy over a seeded shuffle: a batch starts from the next unused document; while a
 * type present falls short, the next unused document holding that type (the rarest short type
 * first) joins, otherwise the next unused document that brings no new short type (within 32). Documents are the unit (a document's
 * pairs stay together, as the model needs them), each used once per epoch; the last batches
 * may fall short when the documents that would complete them are used up. `batchShortfall`
 * reports how often that happens.
 */
export class ClassBalancedBatches implements BatchSampler {
  readonly minPerType: number;

  constructor(options: ClassBalancedBatchesOptions = {}) {
    const min = options.minPerType ?? 2;
    if (!(Number.isInteger(min) && min >= 1))
      throw new ModelError(
        "INVALID_CONFIG",
        `ClassBalancedBatches minPerType must be an integer >= 1, got ${min}`,
      );
    this.minPerType = min;
  }

  batches(
    documents: readonly EncodedDocument[],
    batchSize: number,
    seed: number,
    epoch: number,
  ): EncodedDocument[][] {
    const order = shuffled(
      documents.filter((d) => d.pairHead.length > 0),
      deriveSeed(seed, 1, epoch),
    );
    const counts = order.map(typeCounts);
    // the unused documents holding each type, in shuffled order (consumed lazily)
    const holders = new Map<number, number[]>();
    counts.forEach((c, i) => {
      for (const type of c.keys()) {
        const list = holders.get(type);
        if (list) list.push(i);
        else holders.set(type, [i]);
      }
    });
    const used = new Uint8Array(order.length);
    const nextHolder = (type: number): number => {
      const list = holders.get(type) ?? [];
      while (list.length > 0 && used[list[0] as number]) list.shift();
      return list.length > 0 ? (list[0] as number) : -1;
    };
    let cursor = 0;
    const batches: EncodedDocument[][] = [];
    while (cursor < order.length) {
      const batch: number[] = [];
      const inBatch = new Map<number, number>();
      const take = (i: number) => {
        used[i] = 1;
        batch.push(i);
        for (const [type, n] of counts[i] as Map<number, number>)
          inBatch.set(type, (inBatch.get(type) ?? 0) + n);
      };
      while (batch.length < batchSize) {
        // a short type that an unused document can still fill, rarest in the batch first
        const short = [...inBatch]
          .filter(([, n]) => n < this.minPerType)
          .sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        let pick = -1;
        for (const [type] of short) {
          pick = nextHolder(type);
          if (pick >= 0) break;
        }
        if (pick < 0) {
          while (cursor < order.length && used[cursor]) cursor++;
          if (cursor >= order.length) break;
          pick = this.filler(order.length, cursor, used, counts, inBatch);
        }
        take(pick);
      }
      batches.push(batch.map((i) => order[i] as EncodedDocument));
      while (cursor < order.length && used[cursor]) cursor++;
    }
    return shuffled(batches, deriveSeed(seed, 2, epoch));
  }

  /**
   * The next unused document to fill a batch with no short type: within a window of the
   * shuffled order, the first that brings no relation type of which it would hold fewer than
   * `minPerType` pairs in the batch (no new short type), else the first unused one.
   */
  private filler(
    length: number,
    cursor: number,
    used: Uint8Array,
    counts: readonly Map<number, number>[],
    inBatch: ReadonlyMap<number, number>,
  ): number {
    for (let i = cursor, seen = 0; i < length && seen < FILLER_WINDOW; i++) {
      if (used[i]) continue;
      seen++;
      let short = false;
      for (const [type, n] of counts[i] as Map<number, number>)
        if ((inBatch.get(type) ?? 0) + n < this.minPerType) short = true;
      if (!short) return i;
    }
    return cursor;
  }

  count(documents: readonly EncodedDocument[], batchSize: number): number {
    return Math.ceil(documents.filter((d) => d.pairHead.length > 0).length / batchSize);
  }
}

/**
 * How far batches are from class balance: the share of a batch's relation pairs whose type
 * has fewer than `minPerType` pairs in that batch (anchors with no positive in their batch
 * at `minPerType` 2).
 */
export function batchShortfall(batches: readonly EncodedDocument[][], minPerType = 2): number {
  let short = 0;
  let total = 0;
  for (const batch of batches) {
    const inBatch = new Map<number, number>();
    for (const doc of batch)
      for (const [type, n] of typeCounts(doc)) inBatch.set(type, (inBatch.get(type) ?? 0) + n);
    for (const n of inBatch.values()) {
      total += n;
      if (n < minPerType) short += n;
    }
  }
  return total === 0 ? 0 : short / total;
}

/** What identifies a batch sampler in a checkpoint's run key: its class and plain settings. */
export function describeBatchSampler(sampler: BatchSampler): Record<string, unknown> {
  const settings: Record<string, unknown> = { class: sampler.constructor.name };
  for (const [key, value] of Object.entries(sampler))
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
      settings[key] = value;
  return settings;
}
