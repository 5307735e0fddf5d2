import {
  mkdtempSync,
  readFileSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LabelSpace, Tokenizer } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { createModel } from "../model/create.js";
import { syntheticCorpus, TINY_SHAPE } from "../test-support/synthetic.js";
import { train } from "../training/train.js";
import { loadModel } from "./load-model.js";
import { MODEL_FILES } from "./model-format.js";
import { saveModel } from "./save-model.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "re-models-save-"));
  dirs.push(dir);
  return dir;
}

const corpus = syntheticCorpus(3, 11);
const make = () =>
  createModel({
    shape: TINY_SHAPE,
    seed: 9,
    labelSpace: corpus.labelSpace,
    numEntityTypes: corpus.numEntityTypes,
    numPairFeatures: corpus.numPairFeatures,
    tokenizer: Tokenizer.fit(["alpha", "beta", "alpha", "beta"]),
    vocabSize: corpus.vocabSize,
    maxTokens: 128,
  });

async function errorCode(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return (error as ModelError).code;
  }
  return undefined;
}

describe("saveModel / loadModel", () => {
  it("round-trips weights, config, decision rule and preprocessing with identical outputs", async () => {
    const model = make();
    model.decision = { noneBias: 0.37, noveltyThreshold: 0.42 };
    const dir = tempDir();
    await saveModel(model, dir);
    const loaded = loadModel(dir);
    const a = model.score(corpus.documents, { embeddings: true });
    const b = loaded.score(corpus.documents, { embeddings: true });
    expect(Array.from(b.relationLogits)).toEqual(Array.from(a.relationLogits));
    expect(Array.from(b.noveltyLogits)).toEqual(Array.from(a.noveltyLogits));
    expect(Array.from(b.embeddings ?? [])).toEqual(Array.from(a.embeddings ?? []));
    expect(loaded.decision).toEqual(model.decision);
    expect(loaded.config).toEqual(model.config);
    expect(loaded.preprocessing.tokenizer?.toJSON()).toEqual(
      model.preprocessing.tokenizer?.toJSON(),
    );
    expect(loaded.preprocessing.maxTokens).toBe(128);
    const manifest = JSON.parse(readFileSync(join(dir, MODEL_FILES.model), "utf8"));
    expect(manifest.weightsManifest[0].paths).toEqual([MODEL_FILES.weights]);
    model.dispose();
    loaded.dispose();
  });

  it("a model trained and saved on the wasm backend predicts the same on cpu (and back)", async () => {
    const dir = tempDir();
    await tf.setBackend("wasm");
    try {
      const model = make();
      await train(model, { documents: corpus.documents }, { epochs: 2, batchSize: 3, seed: 2 });
      const onWasm = model.score(corpus.documents, { embeddings: true });
      await saveModel(model, dir);
      model.dispose();
      await tf.setBackend("cpu");
      const loaded = loadModel(dir);
      const onCpu = loaded.score(corpus.documents, { embeddings: true });
      const maxDiff = (a: Float32Array, b: Float32Array) =>
        a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
      expect(onCpu.relationLogits.length).toBe(onWasm.relationLogits.length);
      expect(maxDiff(onCpu.relationLogits, onWasm.relationLogits)).toBeLessThan(1e-5);
      expect(maxDiff(onCpu.noveltyLogits, onWasm.noveltyLogits)).toBeLessThan(1e-5);
      expect(maxDiff(onCpu.embeddings!, onWasm.embeddings!)).toBeLessThan(1e-5);
      // and the cpu copy saved again loads on wasm with the same weights
      const again = tempDir();
      await saveModel(loaded, again);
      loaded.dispose();
      await tf.setBackend("wasm");
      const back = loadModel(again);
      const onWasmAgain = back.score(corpus.documents);
      expect(maxDiff(onWasmAgain.relationLogits, onWasm.relationLogits)).toBeLessThan(1e-5);
      back.dispose();
    } finally {
      await tf.setBackend("cpu");
    }
  });

  it("reports a missing, incomplete or corrupt directory and a label-space mismatch with stable codes", async () => {
    expect(await errorCode(() => loadModel(join(tmpdir(), "no-such-model-dir-xyz")))).toBe(
      "MODEL_DIR_MISSING",
    );
    const model = make();
    const dir = tempDir();
    await saveModel(model, dir);
    expect(
      await errorCode(() =>
        loadModel(dir, { expectedLabels: new LabelSpace(["Association", "Cotreatment"]) }),
      ),
    ).toBe("LABEL_SPACE_MISMATCH");

    const truncated = tempDir();
    await saveModel(model, truncated);
    truncateSync(join(truncated, MODEL_FILES.weights), 100);
    expect(await errorCode(() => loadModel(truncated))).toBe("MODEL_CORRUPT");

    const noWeights = tempDir();
    await saveModel(model, noWeights);
    unlinkSync(join(noWeights, MODEL_FILES.weights));
    expect(await errorCode(() => loadModel(noWeights))).toBe("MODEL_INCOMPLETE");

    const badJson = tempDir();
    await saveModel(model, badJson);
    writeFileSync(join(badJson, MODEL_FILES.model), "{ not json");
    expect(await errorCode(() => loadModel(badJson))).toBe("MODEL_CORRUPT");

    const wrongLabels = tempDir();
    await saveModel(model, wrongLabels);
    writeFileSync(
      join(wrongLabels, MODEL_FILES.labels),
      JSON.stringify({ labels: ["None", "Association"] }),
    );
    // the manifest's digest catches the edit first; a folder without one checks the sizes
    expect(await errorCode(() => loadModel(wrongLabels))).toBe("MODEL_CORRUPT");
    unlinkSync(join(wrongLabels, MODEL_FILES.manifest));
    expect(await errorCode(() => loadModel(wrongLabels))).toBe("MODEL_CORRUPT");
    model.dispose();
  });

  it("leaves no tensors behind when loading fails", async () => {
    const model = make();
    const dir = tempDir();
    await saveModel(model, dir);
    truncateSync(join(dir, MODEL_FILES.weights), 8);
    const before = tf.memory().numTensors;
    await errorCode(() => loadModel(dir));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
