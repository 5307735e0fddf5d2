import { LabelSpace } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "../model/create.js";
import { TINY_SHAPE } from "../test-support/synthetic.js";
import { TOKEN_EMBEDDING_PARAM, initializeTokenEmbeddings } from "./initialize.js";
import { pretrainingErrorCode } from "../test-support/pretraining-error.js";

const VOCAB = 30;

function tinyModel() {
  return createModel({
    labelSpace: new LabelSpace(["Association"]),
    numPairFeatures: 2,
    vocabSize: VOCAB,
    numEntityTypes: 3,
    shape: TINY_SHAPE,
    seed: 5,
  });
}

function rowsOf(model: ReturnType<typeof tinyModel>): number[][] {
  return (model.params.get(TOKEN_EMBEDDING_PARAM) as tf.Variable).arraySync() as number[][];
}

describe("initializeTokenEmbeddings", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("copies trained rows at the model's scale and keeps special and untrained rows", () => {
    const model = tinyModel();
    const dim = model.config.embeddingDim;
    const before = rowsOf(model);
    const vectors = new Float32Array(VOCAB * dim).map((_, i) => Math.sin(i) * 3);
    vectors.fill(0, 7 * dim, 8 * dim); // id 7 never trained
    const result = initializeTokenEmbeddings(model, vectors);
    const after = rowsOf(model);

    expect(result.rowsInitialized).toBe(VOCAB - 3);
    expect(result.rowsKept).toBe(3);
    for (const id of [0, 1, 7]) expect(after[id]).toEqual(before[id]);
    for (let k = 0; k < dim; k++)
      expect(after[5]?.[k]).toBeCloseTo((vectors[5 * dim + k] as number) * result.scale, 5);
    const rms = (rows: number[][]) =>
      Math.sqrt(rows.flat().reduce((s, v) => s + v * v, 0) / (rows.length * dim));
    const replaced = (rows: number[][]) => rows.filter((_, id) => ![0, 1, 7].includes(id));
    expect(rms(replaced(after))).toBeCloseTo(rms(replaced(before)), 5);
    model.dispose();
  });

  it("does not leak tensors", () => {
    const model = tinyModel();
    const vectors = new Float32Array(VOCAB * model.config.embeddingDim).fill(0.5);
    const tensors = tf.memory().numTensors;
    initializeTokenEmbeddings(model, vectors);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it("throws DIM_MISMATCH and VOCAB_MISMATCH with a typed error", () => {
    const model = tinyModel();
    const dim = model.config.embeddingDim;
    const codeOf = (vectors: Float32Array, opts?: { dim: number }) =>
      pretrainingErrorCode(() => initializeTokenEmbeddings(model, vectors, opts));
    expect(codeOf(new Float32Array(VOCAB * (dim + 1)), { dim: dim + 1 })).toBe("DIM_MISMATCH");
    expect(codeOf(new Float32Array((VOCAB + 1) * dim))).toBe("VOCAB_MISMATCH");
    expect(codeOf(new Float32Array(VOCAB * dim + 1))).toBe("VOCAB_MISMATCH");
    model.dispose();
  });
});
