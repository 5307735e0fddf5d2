import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { LabelSpace, buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel, createModelForDataset } from "../model/create.js";
import { TINY_SHAPE } from "../test-support/synthetic.js";
import { PretrainingError } from "./errors.js";
import { TOKEN_EMBEDDING_PARAM } from "./initialize.js";
import { pretrainTokenEmbeddings } from "./pretrain.js";

const trainFile = dataFile("biored", "Train.BioC.XML");
const present = haveData(trainFile);
let documents: BioCDocument[] = [];

beforeAll(async () => {
  await tf.setBackend("cpu");
  if (present) documents = (await readCollection(trainFile)).documents.slice(0, 20);
});

describe("pretrainTokenEmbeddings", () => {
  it.runIf(present)(
    "trains word2vec on the documents' text and replaces the token rows it trained",
    async () => {
      const dataset = buildDataset(documents, { maxTokens: 128 });
      const model = createModelForDataset(dataset, { shape: TINY_SHAPE, seed: 4 });
      const table = () =>
        (model.params.get(TOKEN_EMBEDDING_PARAM) as tf.Variable).dataSync().slice();
      const before = table();
      const tensors = tf.memory().numTensors;
      const result = await pretrainTokenEmbeddings(model, documents, { epochs: 1 });
      expect(tf.memory().numTensors).toBe(tensors);
      expect(result.sentences).toBeGreaterThan(100);
      expect(result.tokens).toBeGreaterThan(result.sentences);
      expect(result.options).toMatchObject({ method: "skipgram", epochs: 1, seed: 4, dim: 16 });
      expect(result.rowsInitialized).toBeGreaterThan(0);
      expect(result.rowsInitialized + result.rowsKept).toBe(dataset.tokenizer.vocabSize);
      const after = table();
      const changedRows = new Set<number>();
      after.forEach((v, i) => {
        if (v !== before[i]) changedRows.add(Math.floor(i / 16));
      });
      expect(changedRows.size).toBe(result.rowsInitialized);
      model.dispose();
    },
  );

  it("refuses a model without a tokenizer and text without words", async () => {
    const model = createModel({
      labelSpace: new LabelSpace(["Association"]),
      numPairFeatures: 2,
      vocabSize: 10,
      numEntityTypes: 3,
      shape: TINY_SHAPE,
    });
    await expect(pretrainTokenEmbeddings(model, [])).rejects.toMatchObject({
      code: "NO_TOKENIZER",
    });
    model.dispose();
    if (!present) return;
    const withTokenizer = createModelForDataset(buildDataset(documents.slice(0, 2)), {
      shape: TINY_SHAPE,
    });
    await expect(pretrainTokenEmbeddings(withTokenizer, [])).rejects.toBeInstanceOf(
      PretrainingError,
    );
    withTokenizer.dispose();
  });
});
