import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../io/load-model.js";
import { saveModel } from "../io/save-model.js";
import { createModelForDataset } from "../model/create.js";
import { TINY_SHAPE } from "../test-support/synthetic.js";
import { train } from "../training/train.js";
import { embed } from "./embed.js";
import { predict } from "./predict.js";

const trainFile = dataFile("biored", "Train.BioC.XML");
const present = haveData(trainFile);

let documents: BioCDocument[] = [];
beforeAll(async () => {
  await tf.setBackend("cpu");
  if (present) documents = (await readCollection(trainFile)).documents.slice(0, 6);
});

describe.runIf(present)("predict / embed on BioRED documents", () => {
  it("writes BioRED-style relations back, identical after save -> load, and embeds every candidate", async () => {
    const dataset = buildDataset(documents.slice(0, 6), {
      pairFilter: "seen-type-pairs",
      maxTokens: 160,
    });
    const model = createModelForDataset(dataset, { shape: TINY_SHAPE, seed: 2 });
    expect(model.preprocessing.maxTokens).toBe(160); // the dataset's limit, kept for predict
    await train(
      model,
      { documents: dataset.documents }, // validation on training docs only to tune a None bias that predicts something
      {
        epochs: 5,
        batchSize: 3,
        learningRate: 1e-2,
        seed: 1,
        validation: dataset.documents.slice(0, 3),
      },
    );
    const target = documents.slice(0, 3);
    const before = JSON.stringify(target);
    const { documents: out, relations } = predict(model, target);
    expect(JSON.stringify(target)).toBe(before); // inputs untouched
    expect(out.map((d) => d.id)).toEqual(target.map((d) => d.id));
    expect(relations.length).toBeGreaterThan(0);
    for (const doc of out) {
      for (const relation of doc.relations) {
        expect(Object.keys(relation.infons).sort()).toEqual([
          "entity1",
          "entity2",
          "novel",
          "score",
          "type",
        ]);
        expect(model.labelSpace.has(relation.infons.type as string)).toBe(true);
        expect(["Novel", "No"]).toContain(relation.infons.novel);
        const score = Number(relation.infons.score);
        expect(score).toBeGreaterThan(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    }

    const dir = mkdtempSync(join(tmpdir(), "re-models-predict-"));
    try {
      await saveModel(model, dir);
      const loaded = loadModel(dir, { expectedLabels: dataset.labelSpace });
      expect(loaded.preprocessing.maxTokens).toBe(160);
      expect(predict(loaded, target).documents).toEqual(out);
      loaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const embedded = embed(model, target);
    const encoded = buildDataset(target, {
      tokenizer: dataset.tokenizer,
      labelSpace: dataset.labelSpace,
      entityTypes: dataset.entityTypes,
      pairFilter: new Set(model.preprocessing.allowedTypePairs),
    });
    const candidates = encoded.pairs.reduce((n, p) => n + p.length, 0);
    expect(embedded.count).toBe(candidates);
    expect(embedded.vectors.length).toBe(candidates * model.config.pairEmbeddingDim);
    expect(embedded.labels.filter((l) => l !== "None").length).toBeGreaterThan(0);
    model.dispose();
  });
});
