import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("RelationModel.score", () => {
  it("returns pairs in input order whatever the batching (length-sorted batches, padding)", () => {
    const corpus = syntheticCorpus(7, 31);
    const model = syntheticModel(corpus, 1);
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

  it("gives the same logits with the fast cpu kernels as with tfjs's own (reference path)", () => {
    const corpus = syntheticCorpus(9, 5);
    const model = syntheticModel(corpus, 2);
    unregisterFastCpuKernels();
    const reference = model.score(corpus.documents, { batchSize: 1, embeddings: true });
    registerFastCpuKernels();
    try {
      const fast = model.score(corpus.documents, { embeddings: true });
      const close = (a: Float32Array | undefined, b: Float32Array | undefined) => {
        expect(a?.length).toBe(b?.length);
        for (const [i, v] of (b ?? []).entries())
          expect(Math.abs((a?.[i] ?? 0) - v)).toBeLessThan(1e-5);
      };
      close(fast.relationLogits, reference.relationLogits);
      close(fast.noveltyLogits, reference.noveltyLogits);
      close(fast.embeddings, reference.embeddings);
    } finally {
      unregisterFastCpuKernels();
      model.dispose();
    }
  });
});
