import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBatchArrays } from "../model/batch-inputs.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { maskEntityWords } from "./entity-mask.js";
import { DEFAULT_ENTITY_MASK, resolveTrainOptions } from "./options.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** 10 tokens; concept 0 at 1-2 and 6, concept 1 at 4. */
function document(): EncodedDocument {
  return {
    documentId: "d1",
    tokenIds: Int32Array.from({ length: 10 }, (_, i) => i + 1),
    entityTypeIds: Int32Array.from([0, 1, 1, 0, 2, 0, 1, 0, 0, 0]),
    sentenceIds: new Int32Array(10),
    conceptTypeIds: Int32Array.from([1, 2]),
    mentionStart: Int32Array.from([1, 6, 4]),
    mentionEnd: Int32Array.from([3, 7, 5]),
    mentionConcept: Int32Array.from([0, 0, 1]),
    pairHead: Int32Array.from([0]),
    pairTail: Int32Array.from([1]),
    pairFeatures: new Float32Array(0),
    labelIds: Int32Array.from([1]),
    novelIds: Int32Array.from([-1]),
  };
}

describe("maskEntityWords", () => {
  it("replaces every mention's word ids with 0 at rate 1, nothing at rate 0, and no other token", () => {
    const docs = [document()];
    const all = buildBatchArrays(docs, 3);
    maskEntityWords(docs, all, 1, 7);
    expect(Array.from(all.tokenIds)).toEqual([1, 0, 0, 4, 0, 6, 0, 8, 9, 10]);
    expect(Array.from(all.entityTypeIds)).toEqual(Array.from(document().entityTypeIds));
    const none = buildBatchArrays(docs, 3);
    maskEntityWords(docs, none, 0, 7);
    expect(Array.from(none.tokenIds)).toEqual(Array.from(document().tokenIds));
  });

  it("masks whole concepts, reproducibly for a seed", () => {
    const docs = [document()];
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const a = buildBatchArrays(docs, 3);
      const b = buildBatchArrays(docs, 3);
      maskEntityWords(docs, a, 0.5, seed);
      maskEntityWords(docs, b, 0.5, seed);
      expect(Array.from(a.tokenIds)).toEqual(Array.from(b.tokenIds));
      const ids = a.tokenIds;
      // concept 0's two mentions are masked together or not at all
      expect(ids[1] === 0).toBe(ids[6] === 0);
      expect(ids[1] === 0).toBe(ids[2] === 0);
      seen.add(`${ids[1]}-${ids[4]}`);
    }
    expect(seen.size).toBe(4); // all four combinations occur
  });

  it("is a training option: refused outside [0, 1], recorded in the run's options", async () => {
    const corpus = syntheticCorpus(3, 4);
    const model = syntheticModel(corpus, 1);
    await expect(
      train(model, { documents: corpus.documents }, { epochs: 1, entityMask: 1.5 }),
    ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    await train(model, { documents: corpus.documents }, { epochs: 1, entityMask: 0.3 });
    expect(model.metadata?.options).toMatchObject({ entityMask: 0.3 });
    // the built-in encoder masks by default; a pretrained encoder's caller passes 0 for it
    await train(model, { documents: corpus.documents }, { epochs: 1 });
    expect(model.metadata?.options).toMatchObject({ entityMask: DEFAULT_ENTITY_MASK });
    expect(resolveTrainOptions({}, { entityMask: 0 }).entityMask).toBe(0);
    expect(resolveTrainOptions({ entityMask: 0.5 }, { entityMask: 0 }).entityMask).toBe(0.5);
    model.dispose();
  });
});
