import type { BioCDocument } from "@biore/bioc-io";
import { bioredScores, relationsFromBioC } from "@biore/re-metrics";
import { CDR_SCHEMA } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import {
  bothObjectives,
  experimentEvaluate,
  experimentTrain,
  tinyModel,
} from "../test-support/experiment-fixtures.js";
import { evaluateRun } from "./evaluate-run.js";
import { goldRelations } from "./gold.js";
import { holdOutForSelection } from "./held-out.js";
import { runExperiment } from "./run-experiment.js";
import { documentUnits, seedSummary } from "./seed-summary.js";
import { trainRun } from "./train-run.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const train = experimentTrain;
const evaluate = experimentEvaluate;
const tiny = tinyModel;
const ids = (docs: readonly BioCDocument[]) => docs.map((d) => d.id);

describe("held-out policy", () => {
  it("holds out a seeded slice of Train and fits the vocabularies on the rest only", () => {
    const a = holdOutForSelection(train, { seed: 3, fraction: 0.2 });
    const again = holdOutForSelection(train, { seed: 3, fraction: 0.2 });
    const other = holdOutForSelection(train, { seed: 4, fraction: 0.2 });
    expect(a.validationDocuments).toHaveLength(4);
    expect(ids(again.validationDocuments)).toEqual(ids(a.validationDocuments));
    expect(ids(other.validationDocuments)).not.toEqual(ids(a.validationDocuments));
    expect(new Set([...ids(a.fitDocuments), ...ids(a.validationDocuments)]).size).toBe(20);
    // the held-out part reuses the fit part's vocabularies and pair filter
    expect(a.validation.tokenizer).toBe(a.fit.tokenizer);
    expect(a.validation.labelSpace).toBe(a.fit.labelSpace);
    expect(a.fit.labelSpace.labels).toEqual(["None", "Bind", "Positive_Correlation"]);
  });

  it("refuses too few documents and documents without relations", () => {
    expect(() => holdOutForSelection(train.slice(0, 1), { seed: 1 })).toThrow(ModelError);
    expect(() => holdOutForSelection(train.slice(0, 1), { seed: 1 })).toThrow(/at least 2/);
    const bare = train.map((d) => ({ ...d, relations: [] }));
    expect(() => holdOutForSelection(bare, { seed: 1 })).toThrow(/no relations/);
  });
});

describe("gold relations", () => {
  it("reads BioRED relations with re-metrics, and another corpus's infons through a BioRED view", () => {
    expect(goldRelations(evaluate, holdOutForSelection(train, { seed: 1 }).fit.schema)).toEqual(
      relationsFromBioC(evaluate),
    );
    // CDR names its arguments Chemical/Disease and its type `relation`, without novelty
    const cdr = evaluate.slice(0, 2).map((d) => ({
      ...d,
      relations: d.relations.map((r) => ({
        ...r,
        infons: { Chemical: r.infons.entity1!, Disease: r.infons.entity2!, relation: "CID" },
      })),
    }));
    const gold = goldRelations(cdr, CDR_SCHEMA)!;
    expect(gold).toHaveLength(4);
    expect(gold[0]).toMatchObject({ documentId: "101", entity1: "C0", type: "CID", novel: false });
    expect(cdr[0]!.relations[0]!.infons.Chemical).toBe("C0"); // the input is untouched
  });
});

describe("train and evaluate one run", () => {
  it("selects on the held-out slice and scores with re-metrics' BioRED scoring", async () => {
    const data = holdOutForSelection(train, { seed: 2 });
    const model = tiny(data, 2);
    const trained = await trainRun(model, data, {
      epochs: 2,
      batchSize: 6,
      learningRate: 1e-2,
      seed: 2,
    });
    expect(trained.result.history).toHaveLength(2);
    expect(trained.result.bestValidationF1).not.toBeNull(); // validation = the held-out slice
    expect(trained.interrupted).toBe(false);
    // an infinitely negative None bias makes the model predict a type for every candidate pair,
    // so the scores below compare real true and false positives
    model.decision = { ...model.decision, noneBias: Number.NEGATIVE_INFINITY };
    const run = evaluateRun(model, evaluate);
    expect(run.prediction.relations.length).toBeGreaterThan(0);
    const expected = bioredScores(relationsFromBioC(evaluate), run.prediction.relations, {
      documentIds: ids(evaluate),
      entityTypes: evaluate,
    });
    expect(run.rules).toBe("ncbi");
    expect(run.counts.map((c) => c.documentId)).toEqual(ids(evaluate));
    for (const level of ["pair", "pairType", "pairNovelty", "all"] as const) {
      expect(run.scores[level]).toEqual(expected[level]);
    }
    expect(run.scores.pair.tp + run.scores.pair.fn).toBe(16); // every gold relation counted
    expect(run.scores.pair.fp).toBeGreaterThan(0);
    // a relation type the model never learned: refused, naming the source
    const renamed = evaluate.map((d) => ({
      ...d,
      relations: d.relations.map((r) => ({ ...r, infons: { ...r.infons, type: "Made_Up" } })),
    }));
    expect(() => evaluateRun(model, renamed, { source: "renamed.json" })).toThrow(
      /lacks relation types found in renamed\.json: Made_Up/,
    );
    let caught: unknown;
    try {
      evaluateRun(model, renamed);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelError);
    expect((caught as ModelError).code).toBe("LABEL_SPACE_MISMATCH");
    model.dispose();
  });
});

describe("runExperiment", () => {
  const systems = bothObjectives;

  it("trains every system per seed, summarizes over seeds and compares with the first", async () => {
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    const result = await runExperiment({
      train,
      evaluate,
      seeds: [1, 2],
      systems,
      bootstrap: { iterations: 100, seed: 1 },
      onRun: (run, model) => {
        seen.push(`${run.system} ${run.seed}`);
        expect(model.labelSpace.size).toBe(3);
      },
    });
    expect(seen).toEqual(["baseline 1", "hnm 1", "baseline 2", "hnm 2"]);
    expect(result.interrupted).toBe(false);
    // each seed holds out its own slice by default, shared by the systems of that seed
    const validation = result.runs.map((r) => ids(r.data.validationDocuments).join());
    expect(validation[0]).toBe(validation[1]);
    expect(validation[0]).not.toBe(validation[2]);
    const baselineCounts = result.runs.filter((r) => r.system === "baseline");
    const expected = seedSummary(documentUnits(baselineCounts.map((r) => r.evaluation.counts)), {
      iterations: 100,
      seed: 1,
    });
    expect(result.summaries.baseline).toEqual(expected);
    expect(result.summaries.baseline!.pair.perSeed).toEqual(
      baselineCounts.map((r) => r.evaluation.scores.pair.f1),
    );
    expect(result.comparisons).toHaveLength(1);
    expect(result.comparisons[0]).toMatchObject({ system: "hnm", reference: "baseline" });
    const pair = result.comparisons[0]!.levels.pair;
    expect(pair.difference).toBeCloseTo(
      result.summaries.hnm!.pair.mean - result.summaries.baseline!.pair.mean,
      12,
    );
    expect(tf.memory().numTensors).toBe(before); // every model disposed
  });

  it("keeps one held-out split for every seed when given a fixed seed, and stops when aborted", async () => {
    const fixed = await runExperiment({
      train,
      evaluate,
      seeds: [1, 2],
      systems: systems.slice(0, 1),
      heldOut: { seed: 7 },
      bootstrap: { iterations: 20, seed: 1 },
    });
    const validation = fixed.runs.map((r) => ids(r.data.validationDocuments).join());
    expect(validation[0]).toBe(validation[1]);
    expect(validation[0]).toBe(
      ids(holdOutForSelection(train, { seed: 7 }).validationDocuments).join(),
    );
    const stopped = await runExperiment({
      train,
      evaluate,
      seeds: [1],
      systems,
      signal: AbortSignal.abort(),
      bootstrap: { iterations: 20, seed: 1 },
    });
    expect(stopped).toEqual({ runs: [], summaries: {}, comparisons: [], interrupted: true });
  });
});
