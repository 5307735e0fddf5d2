import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { expectSameScoresAfterReload } from "../test-support/model-io.js";
import { expectLaterShapeOption, setParam } from "../test-support/shape-options.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { PAIR_ATTENTION_PARAMS, pairAttentionContext, pairSlots } from "./pair-attention.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const corpus = syntheticCorpus(3, 31);
const make = (pairAttention: boolean | undefined) =>
  syntheticModel(corpus, 13, { shape: pairAttention === undefined ? {} : { pairAttention } });
const setValue = (model: ReturnType<typeof make>, scale: number) =>
  setParam(model, PAIR_ATTENTION_PARAMS.value, scale, 7);
const logitsOf = (model: ReturnType<typeof make>, docs: EncodedDocument[]) =>
  Array.from(model.score(docs).relationLogits);

describe("pairSlots", () => {
  it("lays each document's pairs out in its own rows, padding pointing at the zero row", () => {
    // 3 documents of 4 concepts: 2 pairs, none, 3 pairs
    const pairHead = Int32Array.from([0, 1, 8, 9, 8]);
    const slots = pairSlots({ batchSize: 3, maxConcepts: 4, pairHead });
    expect(slots.perDocument).toBe(3);
    expect(Array.from(slots.slotOfPair)).toEqual([0, 1, 6, 7, 8]);
    expect(Array.from(slots.pairOfSlot)).toEqual([0, 1, 5, 5, 5, 5, 2, 3, 4]);
  });
});

describe("pairAttentionContext", () => {
  it("is a softmax over the pair's own document's tokens, padding excluded (plain-JS reference)", () => {
    const [b, t, h, c] = [2, 3, 2, 2];
    const xs = [1, 0, 0, 1, 5, 5, /* doc 1 */ 0.5, -1, 2, 1, 0, 0];
    const mask = [1, 1, 0, /* doc 1 */ 1, 1, 1]; // doc 0 has 2 tokens; token 2 is padding
    const heads = [0, 2, 2]; // pair 0 in doc 0; pairs 1, 2 in doc 1
    const concept = [
      [1, 0],
      [0, 1],
      [1, 1],
      [-1, 2],
    ];
    const tails = [1, 3, 3];
    const query = [1, 0, 0, 1, 0.5, 0.5, -1, 1]; // [2h, h], row-major
    const key = [1, 0.5, 0, 1];
    const got = tf.tidy(() => {
      const x = tf.tensor3d(xs, [b, t, h]);
      const rows = (ids: number[]) => tf.tensor2d(ids.map((i) => concept[i] as number[]));
      const w = (name: string) =>
        name === PAIR_ATTENTION_PARAMS.query
          ? tf.tensor2d(query, [2 * h, h])
          : tf.tensor2d(key, [h, h]);
      const batch = {
        arrays: { batchSize: b, maxConcepts: c, pairHead: Int32Array.from(heads) },
        tokenMask: tf.tensor3d(mask, [b, t, 1]),
      } as unknown as Parameters<typeof pairAttentionContext>[3];
      return pairAttentionContext(x, rows(heads), rows(tails), batch, w).arraySync();
    });
    heads.forEach((head, p) => {
      const input = [...(concept[head] as number[]), ...(concept[tails[p] as number] as number[])];
      const q = [0, 1].map((j) =>
        input.reduce((s, v, i) => s + v * (query[i * h + j] as number), 0),
      );
      const doc = Math.floor(head / c);
      const token = (k: number) => xs.slice((doc * t + k) * h, (doc * t + k + 1) * h);
      const valid = [0, 1, 2].filter((k) => mask[doc * t + k] === 1);
      const scores = valid.map((k) => {
        const tk = token(k);
        const kk = [0, 1].map((j) => tk.reduce((s, v, i) => s + v * (key[i * h + j] as number), 0));
        return kk.reduce((sum, v, j) => sum + v * (q[j] as number), 0) / Math.sqrt(h);
      });
      const top = Math.max(...scores);
      const weights = scores.map((s) => Math.exp(s - top));
      const total = weights.reduce((s, v) => s + v, 0);
      const expected = [0, 1].map((j) =>
        valid.reduce(
          (s, k, i) => s + ((weights[i] as number) / total) * (token(k)[j] as number),
          0,
        ),
      );
      for (const j of [0, 1]) expect(got[p]?.[j]).toBeCloseTo(expected[j] as number, 5);
    });
  });
});

describe("ModelShape.pairAttention", () => {
  it("is off by default; its parameters come last; older configs load with it off", () => {
    expectLaterShapeOption("pairAttention", make, (name) => name.startsWith("pair/attention_"));
  });

  it("with a zero value map scores exactly as the model without it", () => {
    const off = make(false);
    const on = make(true);
    setValue(on, 0);
    const a = logitsOf(off, corpus.documents);
    const b = logitsOf(on, corpus.documents);
    for (const [i, v] of a.entries()) expect(b[i]).toBeCloseTo(v, 5);
    off.dispose();
    on.dispose();
  });

  it("reads evidence far outside the conv window, from the pair's own document only", () => {
    const off = make(false);
    const on = make(true);
    setValue(on, 0.5);
    // the last token: in a sentence no mention is in, > 10 tokens from any mention
    const doc = corpus.documents.find((d) => d.tokenIds.length >= 34) as EncodedDocument;
    const last = doc.tokenIds.length - 1;
    const edited: EncodedDocument = {
      ...doc,
      tokenIds: Int32Array.from(doc.tokenIds, (id, i) => (i === last ? (id % 50) + 1 : id)),
    };
    const changed = (model: ReturnType<typeof make>) => {
      const a = logitsOf(model, [doc]);
      const b = logitsOf(model, [edited]);
      return a.some((v, i) => Math.abs(v - (b[i] as number)) > 1e-4);
    };
    expect(changed(off)).toBe(false);
    expect(changed(on)).toBe(true);
    // alone or batched with the other documents: the same logits (no attention across documents)
    const others = corpus.documents.filter((d) => d !== doc);
    const alone = logitsOf(on, [doc]);
    const batched = logitsOf(on, [...others, doc]);
    const tail = batched.slice(batched.length - alone.length);
    for (const [i, v] of alone.entries()) expect(tail[i]).toBeCloseTo(v, 4);
    off.dispose();
    on.dispose();
  });

  it("saves and loads with it on", async () => {
    const model = make(true);
    setValue(model, 0.5);
    await expectSameScoresAfterReload(model, corpus.documents, (loaded) =>
      expect(loaded.config.pairAttention).toBe(true),
    );
    model.dispose();
  });
});
