import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../config.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { train } from "../training/train.js";
import { buildBatchArrays } from "./batch-inputs.js";
import { LOCAL_PAIRS, localPairArrays, localPairLogits, localPairTensors } from "./local-pairs.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Two sentences of 10 tokens; concept 0 has mentions at 0, 2, 4 and 12; concept 1 at 8 and 15. */
function document(): EncodedDocument {
  return {
    documentId: "d1",
    tokenIds: Int32Array.from({ length: 20 }, (_, i) => i + 1),
    entityTypeIds: new Int32Array(20),
    sentenceIds: Int32Array.from({ length: 20 }, (_, i) => Math.floor(i / 10)),
    conceptTypeIds: Int32Array.from([1, 2, 1]),
    mentionStart: Int32Array.from([0, 2, 4, 12, 8, 15, 19]),
    mentionEnd: Int32Array.from([1, 3, 5, 13, 9, 16, 20]),
    mentionConcept: Int32Array.from([0, 0, 0, 0, 1, 1, 2]),
    pairHead: Int32Array.from([0, 1]),
    pairTail: Int32Array.from([1, 2]),
    pairFeatures: new Float32Array(0),
    labelIds: new Int32Array(2),
    novelIds: Int32Array.from([-1, -1]),
  };
}

describe("local mention pairs", () => {
  it("keeps a pair's same-sentence mention pairs, nearest first, with order and distance class", () => {
    const { local, maxMentions } = buildBatchArrays([document(), document()], 3);
    const slots = (pair: number) =>
      Array.from({ length: LOCAL_PAIRS }, (_, i) => pair * LOCAL_PAIRS + i).filter(
        (s) => local.localValid[s] === 1,
      );
    // pair 0: (4,8) gap 3, (12,15) gap 2, (2,8) gap 5, (0,8) gap 7; sentence 0 vs 1 never pair
    const first = slots(0);
    expect(first.map((s) => [local.localHead[s], local.localTail[s]])).toEqual([
      [3, 5],
      [2, 4],
      [1, 4],
      [0, 4],
    ]);
    // head first; gaps 2, 3, 5, 7 fall in bucket 1 (2-3) and 2 (4-7)
    expect(first.map((s) => local.localRelative[s])).toEqual([1, 1, 2, 2]);
    // pair 1 (concept 1 -> 2): mention 15 and 19 share sentence 1, tail after head, gap 3
    expect(slots(1).map((s) => local.localRelative[s])).toEqual([1]);
    // the second document's mentions start at row 1 of the B*M flattened mentions
    expect(slots(2).map((s) => local.localHead[s])).toEqual(
      [3, 2, 1, 0].map((k) => k + maxMentions),
    );
    expect(Array.from(local.localAny)).toEqual([1, 1, 1, 1]);
  });

  it("gives zero logits to pairs that never share a sentence and pools the rest by log-sum-exp", () => {
    const arrays = localPairArrays(2);
    arrays.localHead.set([0, 1], 0);
    arrays.localTail.set([2, 2], 0);
    arrays.localValid.set([1, 1], 0);
    arrays.localAny[0] = 1; // pair 1 has no mention pair
    const batch = localPairTensors(arrays);
    const h = 4;
    const numLabels = 3;
    const weights: Record<string, tf.Tensor> = {
      "local/hidden_kernel": tf.randomNormal([3 * h, 5], 0, 1, "float32", 1),
      "local/hidden_bias": tf.zeros([5]),
      "local/relative_embedding": tf.randomNormal([12, 5], 0, 1, "float32", 2),
      "local/out_kernel": tf.randomNormal([5, numLabels], 0, 1, "float32", 3),
      "local/out_bias": tf.zeros([numLabels]),
    };
    const mentions = tf.randomNormal([3, h], 0, 1, "float32", 4) as tf.Tensor2D;
    const w = (name: string) => weights[name] as tf.Tensor;
    const logits = localPairLogits(mentions, batch, w, numLabels, (t) => t).arraySync();
    expect(logits[1]?.map(Math.abs)).toEqual([0, 0, 0]);
    // pair 0 = log(exp(a) + exp(b)) of its two mention pairs' logits
    // one mention pair's logits, written out: relu([h, t, h*t] W1 + relative(class 0)) W2
    const m = mentions.arraySync();
    const one = (head: number) =>
      tf.tidy(() => {
        const [h0, t0] = [m[head] ?? [], m[2] ?? []];
        const x = tf.tensor2d([[...h0, ...t0, ...h0.map((v, i) => v * (t0[i] ?? 0))]]);
        const relative = tf.slice(w("local/relative_embedding"), [0, 0], [1, 5]);
        const hidden = tf.relu(tf.add(tf.matMul(x, w("local/hidden_kernel")), relative));
        return (tf.matMul(hidden, w("local/out_kernel")).arraySync() as number[][])[0] ?? [];
      });
    const [a, b] = [one(0), one(1)];
    for (let k = 0; k < numLabels; k++)
      expect(logits[0]?.[k]).toBeCloseTo(Math.log(Math.exp(a[k] ?? 0) + Math.exp(b[k] ?? 0)), 4);
  });

  it("trains, and leaves models without it (and saved configs without the field) as they were", async () => {
    const corpus = syntheticCorpus(6, 5);
    const make = (localPairs: boolean) => syntheticModel(corpus, 4, { shape: { localPairs } });
    const plain = make(false);
    const local = make(true);
    for (const [name, value] of plain.params)
      expect(Array.from(local.params.get(name)?.dataSync() ?? [])).toEqual(
        Array.from(value.dataSync()),
      );
    expect(local.params.size).toBe(plain.params.size + 5);
    const { localPairs: _, ...saved } = plain.config;
    expect(validateConfig(saved as typeof plain.config).localPairs).toBe(false);
    const before = local.params.get("local/out_kernel")?.dataSync().slice();
    const tensors = tf.memory().numTensors;
    await train(local, { documents: corpus.documents }, { epochs: 1, batchSize: 2, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = local.params.get("local/out_kernel")?.dataSync() ?? [];
    expect(Array.from(after).some((v, i) => v !== before?.[i])).toBe(true);
    plain.dispose();
    local.dispose();
  });
});
