import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, TINY_SHAPE } from "../test-support/synthetic.js";
import { createModel } from "./create.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("RelationModel.score", () => {
  it("returns pairs in input order whatever the batching (length-sorted batches, padding)", () => {
    const corpus = syntheticCorpus(7, 31);
    const model = createModel({
      shape: TINY_SHAPE,
      seed: 1,
      labelSpace: corpus.labelSpace,
      vocabSize: corpus.vocabSize,
      numEntityTypes: corpus.numEntityTypes,
      numPairFeatures: corpus.numPairFeatures,
    });
    const before = tf.memory().numTensors;
    const batched = model.score(corpus.documents, { batchSize: 3, embeddings: true });
    const single = corpus.documents.map((d) => model.score([d], { embeddings: true }));
    const logits = single.flatMap((s) => Array.from(s.relationLogits));
    const embeddings = single.flatMap((s) => Array.from(s.embeddings ?? []));
    expect(batched.relationLogits.length).toBe(logits.length);
    for (const [i, v] of logits.entries()) expect(batched.relationLogits[i]).toBeCloseTo(v, 4);
    for (const [i, v] of embeddings.entries()) expect(batched.embeddings?.[i]).toBeCloseTo(v, 4);
    expect(Array.from(batched.labelIds)).toEqual(
      corpus.documents.flatMap((d) => Array.from(d.labelIds)),
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
