import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDataset } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { ensembleView } from "../experiment/ensemble.js";
import { embed } from "../inference/embed.js";
import { predict } from "../inference/predict.js";
import { modelTyperInputs } from "../inference/typer-inputs.js";
import { loadModel } from "../io/load-model.js";
import { MODEL_FILES } from "../io/model-format.js";
import { saveModel } from "../io/save-model.js";
import { train } from "../training/train.js";
import { createModelForDataset } from "../model/create.js";
import { bioredLikeDocuments } from "../test-support/biored-like.js";
import { TINY_SHAPE } from "../test-support/synthetic.js";
import { fitLinearTyper } from "./fit-typer.js";
import { typerInputs } from "./inputs.js";

const documents = bioredLikeDocuments(10);
const data = buildDataset(documents, { pairFilter: "seen-type-pairs" });
const { typer } = fitLinearTyper(typerInputs(data, documents), {
  labels: data.labelSpace.labels,
  l2: 1e-3,
});
const make = (seed: number) =>
  createModelForDataset(data, { shape: TINY_SHAPE, seed, maxTokens: 64 });
const dirs: string[] = [];

beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("a RelationModel with a linear typer attached", () => {
  it("is not trained further: train() refuses it up front, and trains once it is detached", async () => {
    const model = make(5);
    model.attachTyper(typer, { weight: 0.75 });
    await expect(train(model, data, { epochs: 1 })).rejects.toThrow(
      /detachTyper\(\) before training/,
    );
    model.detachTyper();
    const result = await train(model, data, { epochs: 1 });
    expect(result.history).toHaveLength(1);
    model.dispose();
  });

  it("fuses the typer into score and predict; at a large weight the typer picks the types", () => {
    const model = make(3);
    model.decision = { noneBias: -1e3, noveltyThreshold: 0.5 }; // every pair a relation
    const inputs = typerInputs(data, documents);
    const network = model.score(data.documents);
    model.attachTyper(typer, { weight: 50 });
    expect(() => model.score(data.documents)).toThrow(ModelError);
    const fused = model.score(data.documents, { typer: inputs });
    expect(fused.relationLogits).not.toEqual(network.relationLogits);
    expect(model.score(data.documents, { networkOnly: true }).relationLogits).toEqual(
      network.relationLogits,
    );
    const gold = data.pairs.flat().map((p) => p.label);
    const { relations } = predict(model, documents);
    expect(relations.length).toBe(gold.length);
    // the typer types these documents' gold pairs right; the network alone (untrained) does not
    const types = new Map(
      relations.map((r) => [`${r.documentId}|${r.entity1}|${r.entity2}`, r.type]),
    );
    data.pairs.flat().forEach((pair, i) => {
      if (gold[i] === "None") return;
      expect(types.get(`${pair.documentId}|${pair.head.identifier}|${pair.tail.identifier}`)).toBe(
        gold[i],
      );
    });
    // embeddings do not depend on the typer
    expect(embed(model, documents.slice(0, 2)).count).toBeGreaterThan(0);
    model.detachTyper();
    expect(model.score(data.documents).relationLogits).toEqual(network.relationLogits);
    model.dispose();
  });

  it("saves the typer into the folder under the manifest and predicts the same after load", async () => {
    const model = make(4);
    model.decision = { noneBias: -0.05, noveltyThreshold: 0.5 };
    model.attachTyper(typer, { weight: 1.5, evidence: true });
    const dir = mkdtempSync(join(tmpdir(), "re-models-typer-"));
    dirs.push(dir);
    await saveModel(model, dir);
    const manifest = JSON.parse(readFileSync(join(dir, MODEL_FILES.manifest), "utf8"));
    expect(manifest.files[MODEL_FILES.typer]).toBeDefined();
    const loaded = loadModel(dir);
    expect(loaded.typer?.fusion).toEqual({ weight: 1.5, evidence: true, typesOnly: false });
    expect(predict(loaded, documents)).toEqual(predict(model, documents));
    loaded.dispose();
    // a changed typer.json is refused by its digest
    const path = join(dir, MODEL_FILES.typer);
    writeFileSync(path, readFileSync(path, "utf8").replace('"l2":0.001', '"l2":0.002'));
    expect(() => loadModel(dir)).toThrow(/typer\.json does not match its SHA-256/);
    model.dispose();
  });

  it("a model without a typer saves no typer.json; labels must match to attach", async () => {
    const model = make(5);
    const dir = mkdtempSync(join(tmpdir(), "re-models-typer-"));
    dirs.push(dir);
    await saveModel(model, dir);
    const manifest = JSON.parse(readFileSync(join(dir, MODEL_FILES.manifest), "utf8"));
    expect(manifest.files[MODEL_FILES.typer]).toBeUndefined();
    const loaded = loadModel(dir);
    expect(loaded.typer).toBeUndefined();
    loaded.dispose();
    const other = fitLinearTyper(typerInputs(data, documents), {
      labels: [...data.labelSpace.labels].reverse(),
      l2: 1e-3,
    });
    expect(() => model.attachTyper(other.typer, { weight: 1 })).toThrow(/labels/);
    model.dispose();
  });

  it("an ensemble fuses its averaged scores once, as members fused with the same typer average", () => {
    const members = [make(6), make(7)];
    for (const m of members) m.attachTyper(typer, { weight: 0.8 });
    const view = ensembleView(members);
    const typer0 = modelTyperInputs(view, data, documents);
    expect(typer0).toBeDefined();
    const viewScores = view.score(data.documents, { typer: typer0! });
    const a = members[0]!.score(data.documents, { typer: typer0! }).relationLogits;
    const b = members[1]!.score(data.documents, { typer: typer0! }).relationLogits;
    viewScores.relationLogits.forEach((x, i) => {
      expect(x).toBeCloseTo((a[i]! + b[i]!) / 2, 4);
    });
    for (const m of members) m.dispose();
  });
});
