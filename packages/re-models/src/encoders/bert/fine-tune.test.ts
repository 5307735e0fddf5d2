import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData, requireData } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeForModel } from "../../inference/encode.js";
import { predict } from "../../inference/predict.js";
import { loadModel } from "../../io/load-model.js";
import { saveModel } from "../../io/save-model.js";
import type { RelationModel } from "../../model/relation-model.js";
import type { TrainOptions } from "../../training/options.js";
import { train } from "../../training/train.js";
import { createBertModel } from "./create-model.js";

const TINY = join(import.meta.dirname, "../../../test/fixtures/tiny-bert");
const trainFile = dataFile("biored", "Train.BioC.XML");
const present = haveData(trainFile);
if (!present && requireData) throw new Error(`REQUIRE_DATA=1 but ${trainFile} is missing`);
if (!present) console.warn(`skipping BERT fine-tuning tests: ${trainFile} not found`);

/** Heads small enough to overfit a few documents in seconds on the cpu backend. */
const HEADS = {
  pairHiddenDim: 32,
  pairEmbeddingDim: 16,
  typePairDim: 4,
  projectionDim: 8,
  dropout: 0,
};
const dirs: string[] = [];
let documents: BioCDocument[] = [];

beforeAll(async () => {
  await tf.setBackend("cpu");
  // four short BioRED abstracts with relations of at least two types
  if (present) documents = (await readCollection(trainFile)).documents.slice(0, 4);
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tinyBertModel(freezeLayers = 0, maxTokens: number | null = 96): RelationModel {
  const dataset = buildDataset(documents, { pairFilter: "seen-type-pairs" });
  return createBertModel({
    checkpoint: TINY,
    labelSpace: dataset.labelSpace,
    entityTypes: dataset.entityTypes,
    schema: dataset.schema,
    allowedTypePairs: dataset.allowedTypePairs,
    shape: HEADS,
    freezeLayers,
    seed: 3,
    // 96 by default: the tiny vocabulary spells BioRED mostly letter by letter; keep the test fast
    ...(maxTokens !== null ? { maxTokens } : {}), // null: createBertModel's default
  });
}

/** Share of candidate pairs whose best-scoring label is the gold one. */
function trainingAccuracy(
  model: RelationModel,
  docs: ReturnType<typeof encodeForModel>["documents"],
): number {
  const scores = model.score(docs);
  let right = 0;
  for (let p = 0; p < scores.numPairs; p++) {
    const row = scores.relationLogits.subarray(p * scores.numLabels, (p + 1) * scores.numLabels);
    const best = row.indexOf(Math.max(...row));
    if (best === scores.labelIds[p]) right++;
  }
  return right / scores.numPairs;
}

const OPTIONS: TrainOptions = {
  epochs: 25,
  batchSize: 2,
  learningRate: 5e-3,
  seed: 1,
  schedule: "constant",
  encoderLearningRate: 5e-3, // a random tiny encoder: train it as fast as the heads
};

describe.runIf(present)(
  "BERT encoder fine-tuning end to end (tiny checkpoint, 4 BioRED abstracts)",
  () => {
    it.each([
      ["baseline", {}],
      ["hnm", { objective: "hnm", hnm: { warmupEpochs: 0, memorySize: 32, maxPairs: 16 } }],
    ] as const)("the %s trainer overfits them with constant tensor memory", async (_, extra) => {
      const model = tinyBertModel();
      const data = encodeForModel(model, documents);
      const before = trainingAccuracy(model, data.documents);
      const counts: number[] = [];
      const result = await train(
        model,
        { documents: data.documents },
        { ...OPTIONS, ...(extra as Partial<TrainOptions>) },
        { onBatchEnd: () => counts.push(tf.memory().numTensors) },
      );
      const losses = result.history.map((r) => r.trainLoss);
      const after = trainingAccuracy(model, data.documents);
      console.log(
        `${_}: loss ${losses[0]?.toFixed(3)} -> ${losses.at(-1)?.toFixed(3)}, training accuracy ${before.toFixed(3)} -> ${after.toFixed(3)} over ${data.documents.reduce((s, d) => s + d.pairHead.length, 0)} pairs`,
      );
      // HNM's loss keeps its contrastive term, which does not go to zero on 63 pairs
      expect(losses.at(-1)!).toBeLessThan((_ === "hnm" ? 0.5 : 0.2) * losses[0]!);
      expect(before).toBeLessThan(0.6);
      expect(after).toBeGreaterThan(0.9);
      // every step after the first (which creates the optimizer state) holds the same tensors
      expect(new Set(counts.slice(2)).size).toBe(1);
      model.dispose();
    });

    it("saves a self-contained folder (encoder weights and wordpieces) that loads to identical predictions", async () => {
      const model = tinyBertModel();
      const data = encodeForModel(model, documents);
      await train(model, { documents: data.documents }, { ...OPTIONS, epochs: 3 });
      const dir = mkdtempSync(join(tmpdir(), "bert-model-"));
      dirs.push(dir);
      await saveModel(model, dir);
      const before = tf.memory().numTensors;
      const loaded = loadModel(dir);
      expect(loaded.config.encoder?.kind).toBe("bert");
      expect(loaded.preprocessing.wordPieces?.vocabSize).toBe(
        model.preprocessing.wordPieces?.vocabSize,
      );
      const a = model.score(data.documents);
      const b = loaded.score(encodeForModel(loaded, documents).documents);
      expect(Array.from(b.relationLogits)).toEqual(Array.from(a.relationLogits));
      expect(JSON.stringify(predict(loaded, documents).relations)).toBe(
        JSON.stringify(predict(model, documents).relations),
      );
      loaded.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });

    it("freezes the embeddings and lower layers when asked (they are not trained, and load frozen)", async () => {
      const model = tinyBertModel(1);
      const frozen = "encoder/bert/layer_0/ffn/in_kernel";
      const tuned = "encoder/bert/layer_1/ffn/in_kernel";
      const copy = (name: string) => Array.from(model.params.get(name)!.dataSync());
      const [frozenBefore, tunedBefore] = [copy(frozen), copy(tuned)];
      const data = encodeForModel(model, documents);
      await train(model, { documents: data.documents }, { ...OPTIONS, epochs: 1 });
      expect(copy(frozen)).toEqual(frozenBefore);
      expect(copy(tuned)).not.toEqual(tunedBefore);
      expect(model.params.get("encoder/bert/embeddings/word")!.trainable).toBe(false);
      const dir = mkdtempSync(join(tmpdir(), "bert-frozen-"));
      dirs.push(dir);
      await saveModel(model, dir);
      const loaded = loadModel(dir);
      expect(loaded.params.get(frozen)!.trainable).toBe(false);
      expect(loaded.params.get(tuned)!.trainable).toBe(true);
      loaded.dispose();
      model.dispose();
    });

    it("gives the pretrained encoder its own learning rate (encoderLearningRate 0 leaves it as loaded)", async () => {
      const model = tinyBertModel();
      const copy = (name: string) => Array.from(model.params.get(name)!.dataSync());
      const encoder = "encoder/bert/layer_1/attention/query_kernel";
      const [encoderBefore, headBefore] = [copy(encoder), copy("pair/hidden_kernel")];
      const data = encodeForModel(model, documents);
      const options = { ...OPTIONS, epochs: 1, encoderLearningRate: 0 };
      await train(model, { documents: data.documents }, options);
      expect(copy(encoder)).toEqual(encoderBefore);
      expect(copy("pair/hidden_kernel")).not.toEqual(headBefore);
      model.dispose();
    });

    it("resumes a checkpoint at its token limit and refuses it at another (4096 when none is given)", async () => {
      const dir = mkdtempSync(join(tmpdir(), "bert-resume-"));
      dirs.push(dir);
      const first = tinyBertModel();
      const data = encodeForModel(first, documents);
      const controller = new AbortController();
      const options = { ...OPTIONS, epochs: 2, checkpointDir: dir };
      await train(
        first,
        { documents: data.documents },
        { ...options, signal: controller.signal },
        { onEpochEnd: (r) => (r.epoch === 1 ? controller.abort() : undefined) },
      );
      first.dispose();
      const resumed = tinyBertModel();
      const result = await train(
        resumed,
        { documents: data.documents },
        { ...options, resume: true },
      );
      expect(result.resumedFromEpoch).toBe(1);
      expect(result.history.map((r) => r.epoch)).toEqual([1, 2]);
      resumed.dispose();

      const longer = tinyBertModel(0, null);
      expect(longer.preprocessing.maxTokens).toBe(4096);
      const error = await train(
        longer,
        { documents: encodeForModel(longer, documents).documents },
        { ...options, resume: true },
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "CHECKPOINT_INVALID" });
      expect((error as Error).message).toMatch(/at 96 tokens, this run at 4096 tokens/);
      longer.dispose();
    });
  },
);
