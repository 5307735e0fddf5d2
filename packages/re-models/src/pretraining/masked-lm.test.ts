import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LabelSpace, PAD_ID, UNK_ID } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModel } from "../model/create.js";
import { createRng } from "../random.js";
import { TINY_SHAPE } from "../test-support/synthetic.js";
import type { UnlabeledSequence } from "./corpus.js";
import {
  initializeTokenEncoder,
  loadTokenEncoderWeights,
  saveTokenEncoder,
  tokenEncoderWeights,
} from "./encoder-weights.js";
import { pretrainTokenEncoder } from "./masked-lm.js";
import { MASK_ID, maskTokens } from "./masking.js";
import { pretrainingErrorCode } from "../test-support/pretraining-error.js";

const VOCAB = 24;

function tinyModel(shape: Partial<typeof TINY_SHAPE> = {}, vocabSize = VOCAB, seed = 5) {
  return createModel({
    labelSpace: new LabelSpace(["Association"]),
    numPairFeatures: 2,
    vocabSize,
    numEntityTypes: 3,
    shape: { ...TINY_SHAPE, ...shape },
    seed,
  });
}

/**
 * A language with structure a conv encoder can learn: each sequence walks a cycle of ids
 * 2..VOCAB-1 with a stride of 1 or 3, so a masked token follows from its neighbours.
 */
function cycleCorpus(count: number, seed: number): UnlabeledSequence[] {
  const rng = createRng(seed);
  const span = VOCAB - 2;
  return Array.from({ length: count }, (_, i) => {
    const length = 20 + Math.floor(rng() * 12);
    const stride = rng() < 0.5 ? 1 : 3;
    let id = Math.floor(rng() * span);
    const tokenIds = Int32Array.from({ length }, () => {
      id = (id + stride) % span;
      return 2 + id;
    });
    return { documentId: `d${i}`, tokenIds, sentenceIds: new Int32Array(length) };
  });
}

const codeOf = pretrainingErrorCode;

let dir = "";
beforeAll(async () => {
  await tf.setBackend("cpu");
  dir = mkdtempSync(join(tmpdir(), "biore-mlm-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("maskTokens", () => {
  const ids = Int32Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? UNK_ID : 2 + (i % 20)));

  it("chooses round(rate * eligible) positions, never [PAD] / [UNK], deterministically for a seed", () => {
    const a = maskTokens(ids, { rate: 0.15, seed: 3, vocabSize: VOCAB });
    expect(a.positions.length).toBe(Math.round(0.15 * 180));
    expect(new Set(a.positions).size).toBe(a.positions.length);
    for (const [j, p] of a.positions.entries()) {
      expect(ids[p]).not.toBe(UNK_ID);
      expect(a.targets[j]).toBe(ids[p]);
    }
    // positions not chosen are untouched
    const chosen = new Set(a.positions);
    ids.forEach((id, i) => {
      if (!chosen.has(i)) expect(a.input[i]).toBe(id);
    });
    expect(maskTokens(ids, { rate: 0.15, seed: 3, vocabSize: VOCAB })).toEqual(a);
    expect(maskTokens(ids, { rate: 0.15, seed: 4, vocabSize: VOCAB }).positions).not.toEqual(
      a.positions,
    );
    expect(
      maskTokens(Int32Array.from([7]), { rate: 0.15, seed: 1, vocabSize: VOCAB }).positions,
    ).toEqual(Int32Array.from([0]));
    expect(
      maskTokens(Int32Array.from([PAD_ID, UNK_ID]), { rate: 0.5, seed: 1, vocabSize: VOCAB })
        .positions.length,
    ).toBe(0);
  });

  it("hides ~80 % with the mask id, ~10 % with random ids (bert), all with the mask id (mask)", () => {
    const long = Int32Array.from({ length: 20000 }, (_, i) => 2 + (i % 20));
    const bert = maskTokens(long, { rate: 0.5, seed: 9, vocabSize: VOCAB });
    const masked =
      bert.positions.filter((p) => bert.input[p] === MASK_ID).length / bert.positions.length;
    const kept =
      bert.positions.filter((p) => bert.input[p] === long[p]).length / bert.positions.length;
    expect(masked).toBeGreaterThan(0.78);
    expect(masked).toBeLessThan(0.82);
    expect(kept).toBeGreaterThan(0.09); // 10 % unchanged + random draws of the same id
    expect(kept).toBeLessThan(0.12);
    for (const p of bert.positions) expect(bert.input[p]).toBeLessThan(VOCAB);
    const plain = maskTokens(long, { rate: 0.15, seed: 9, vocabSize: VOCAB, strategy: "mask" });
    expect(plain.positions.every((p) => plain.input[p] === MASK_ID)).toBe(true);
    expect(codeOf(() => maskTokens(long, { rate: 0, seed: 1, vocabSize: VOCAB }))).toBe(
      "INVALID_OPTIONS",
    );
  });
});

describe("pretrainTokenEncoder", () => {
  it("lowers the held-out masked-token loss on a tiny generated corpus and trains only the encoder", async () => {
    const model = tinyModel();
    const corpus = cycleCorpus(96, 1);
    const pairBefore = model.params.get("pair/hidden_kernel")?.dataSync().slice();
    const convBefore = model.params.get("context_0/kernel")?.dataSync().slice();
    const tensors = tf.memory().numTensors;
    const result = await pretrainTokenEncoder(model, corpus.slice(16), {
      epochs: 10,
      heldOut: corpus.slice(0, 16),
      learningRate: 3e-2,
      warmupSteps: 5,
      seed: 2,
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result.steps).toBe(10 * 10);
    expect(result.history.length).toBe(11); // before training + each epoch
    const first = result.history[0];
    const last = result.history.at(-1);
    expect(first?.heldOutLoss).toBeCloseTo(Math.log(VOCAB), 0); // untrained: about uniform
    expect(last?.heldOutLoss as number).toBeLessThan((first?.heldOutLoss as number) - 0.8);
    expect(last?.heldOutAccuracy as number).toBeGreaterThan(0.25); // chance is 1/22
    expect(last?.heldOutMaskedAccuracy as number).toBeGreaterThan(0.2); // nothing to copy
    expect(model.params.get("pair/hidden_kernel")?.dataSync()).toEqual(pairBefore);
    expect(model.params.get("context_0/kernel")?.dataSync()).not.toEqual(convBefore);
    model.dispose();
  });

  it("is deterministic for a seed and stops at maxSteps", async () => {
    const run = async () => {
      const model = tinyModel();
      const result = await pretrainTokenEncoder(model, cycleCorpus(40, 2), {
        maxSteps: 3,
        seed: 1,
      });
      const weights = model.params.get("input/kernel")?.dataSync().slice();
      model.dispose();
      return { result, weights };
    };
    const a = await run();
    const b = await run();
    expect(a.result.steps).toBe(3);
    expect(b.weights).toEqual(a.weights);
    expect(b.result.history).toHaveLength(1);
    expect(b.result.history[0]?.trainLoss).toBe(a.result.history[0]?.trainLoss);
  });

  it("refuses ids outside the vocabulary and an empty corpus", async () => {
    const model = tinyModel();
    const bad = [
      { documentId: "x", tokenIds: Int32Array.from([2, VOCAB]), sentenceIds: new Int32Array(2) },
    ];
    await expect(pretrainTokenEncoder(model, bad)).rejects.toMatchObject({
      code: "TOKEN_OUT_OF_RANGE",
    });
    await expect(pretrainTokenEncoder(model, [])).rejects.toMatchObject({ code: "EMPTY_CORPUS" });
    model.dispose();
  });
});

describe("encoder weights", () => {
  it("round-trip through a file and load into a fresh model's encoder only", () => {
    const source = tinyModel({}, VOCAB, 1);
    const path = join(dir, "encoder.safetensors");
    saveTokenEncoder(source, path, { epochs: "3" });
    const loaded = loadTokenEncoderWeights(path);
    expect(loaded.info).toEqual({ epochs: "3" });
    const target = tinyModel({}, VOCAB, 2);
    const pairBefore = target.params.get("pair/hidden_kernel")?.dataSync().slice();
    const set = initializeTokenEncoder(target, loaded);
    expect(set).toContain("embedding/tokens");
    expect(set).toContain("context_1/depthwise");
    for (const name of set)
      expect(target.params.get(name)?.dataSync()).toEqual(source.params.get(name)?.dataSync());
    expect(target.params.get("pair/hidden_kernel")?.dataSync()).toEqual(pairBefore);
    const kept = tinyModel({}, VOCAB, 3);
    const tokens = kept.params.get("embedding/tokens")?.dataSync().slice();
    initializeTokenEncoder(kept, loaded, { skip: ["embedding/tokens"] });
    expect(kept.params.get("embedding/tokens")?.dataSync()).toEqual(tokens);
    for (const m of [source, target, kept]) m.dispose();
  });

  it("throws typed errors for another vocabulary, width or depth, and for bad files", () => {
    const source = tinyModel();
    const weights = tokenEncoderWeights(source);
    const others = [
      tinyModel({}, VOCAB + 1),
      tinyModel({ hiddenDim: 8 }),
      tinyModel({ dilations: [1, 2, 4] }),
    ];
    expect(others.map((m) => codeOf(() => initializeTokenEncoder(m, weights)))).toEqual([
      "VOCAB_MISMATCH",
      "SHAPE_MISMATCH",
      "SHAPE_MISMATCH",
    ]);
    const shallow = tinyModel({ dilations: [1] });
    expect(codeOf(() => initializeTokenEncoder(shallow, weights))).toBe("SHAPE_MISMATCH");
    const before = others[1]?.params.get("embedding/tokens")?.dataSync().slice();
    expect(others[1]?.params.get("embedding/tokens")?.dataSync()).toEqual(before); // nothing half-set
    expect(codeOf(() => loadTokenEncoderWeights(join(dir, "absent.safetensors")))).toBe(
      "ENCODER_WEIGHTS_MISSING",
    );
    const junk = join(dir, "junk.safetensors");
    writeFileSync(junk, "not safetensors");
    expect(codeOf(() => loadTokenEncoderWeights(junk))).toBe("ENCODER_WEIGHTS_INVALID");
    for (const m of [source, shallow, ...others]) m.dispose();
  });
});
