import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { ClassBalancedBatches, LengthBucketedBatches, batchShortfall } from "./batch-samplers.js";
import type { BatchProgress } from "./options.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/**
 * 40 documents of 6 pairs: every fifth holds one Bind pair (label 2, rare), every document
 * three Association pairs (label 1), the rest None; one document has no candidate pair.
 */
function corpusWithARareType(): EncodedDocument[] {
  const docs = syntheticCorpus(40, 11).documents.map((doc, d) => ({
    ...doc,
    labelIds: Int32Array.from([1, 1, 1, d % 5 === 0 ? 2 : 0, 0, 0]),
  }));
  const last = docs[39] as EncodedDocument;
  docs[39] = {
    ...last,
    pairHead: new Int32Array(0),
    pairTail: new Int32Array(0),
    labelIds: new Int32Array(0),
  };
  return docs;
}

describe("ClassBalancedBatches", () => {
  const docs = corpusWithARareType();
  const sampler = new ClassBalancedBatches({ minPerType: 2 });

  it("uses every document with a pair exactly once per epoch, in count() batches, reproducibly", () => {
    for (const epoch of [1, 2]) {
      const batches = sampler.batches(docs, 4, 3, epoch);
      expect(batches).toHaveLength(sampler.count(docs, 4));
      expect(batches.length).toBe(Math.ceil(39 / 4));
      const ids = batches.flat().map((d) => d.documentId);
      expect(new Set(ids).size).toBe(39);
      expect(ids).toHaveLength(39);
      expect(ids).not.toContain("doc39"); // no candidate pair
      expect(batches.every((b) => b.length <= 4)).toBe(true);
      const again = sampler.batches(docs, 4, 3, epoch).map((b) => b.map((d) => d.documentId));
      expect(again).toEqual(batches.map((b) => b.map((d) => d.documentId)));
    }
    const order = (epoch: number) =>
      sampler
        .batches(docs, 4, 3, epoch)
        .flat()
        .map((d) => d.documentId);
    expect(order(1)).not.toEqual(order(2));
  });

  it("gives every relation type in a batch at least two pairs where the default batches do not", () => {
    const plain = new LengthBucketedBatches();
    for (const seed of [3, 4, 5]) {
      const balanced = sampler.batches(docs, 4, seed, 1);
      // greedy: the 8 Bind documents pair up, except at most one left alone at the end
      const alone = balanced.filter(
        (batch) => batch.reduce((n, d) => n + d.labelIds.filter((l) => l === 2).length, 0) === 1,
      );
      expect(alone.length).toBeLessThanOrEqual(1);
      expect(batchShortfall(balanced, 2)).toBeLessThanOrEqual(1 / 125);
      // the default batches leave several Bind pairs without a partner
      expect(batchShortfall(plain.batches(docs, 4, seed, 1), 2)).toBeGreaterThanOrEqual(2 / 125);
    }
  });

  it("fills what it can when a type has too few documents (one Bind document)", () => {
    const one = docs.map((d, i) =>
      i === 0 ? d : { ...d, labelIds: Int32Array.from(d.labelIds, (l) => (l === 2 ? 0 : l)) },
    );
    const batches = sampler.batches(one, 4, 3, 1);
    expect(batches.flat()).toHaveLength(39);
    // its single Bind pair is short; nothing else is
    expect(batchShortfall(batches, 2)).toBeCloseTo(1 / (39 * 3 + 1), 12);
  });

  it("refuses a minPerType that is not a positive integer", () => {
    for (const minPerType of [0, 1.5, Number.NaN])
      expect(() => new ClassBalancedBatches({ minPerType })).toThrow(
        expect.objectContaining({ code: "INVALID_CONFIG" }),
      );
  });

  it("drives train(): one step per balanced batch", async () => {
    const corpus = syntheticCorpus(7, 5);
    const model = syntheticModel(corpus, 3);
    const steps: BatchProgress[] = [];
    await train(
      model,
      { documents: corpus.documents },
      { epochs: 2, batchSize: 3, seed: 5, batchSampler: sampler },
      { onBatchEnd: (p) => void steps.push(p) },
    );
    model.dispose();
    expect(steps.map((p) => `${p.epoch}:${p.batch}/${p.batches}`)).toEqual([
      "1:1/3",
      "1:2/3",
      "1:3/3",
      "2:1/3",
      "2:2/3",
      "2:3/3",
    ]);
    expect(steps.every((p) => Number.isFinite(p.loss))).toBe(true);
  });
});
