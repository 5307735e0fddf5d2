// The fixture of the model-folder save tests: fresh case folders under one temp root, three tiny
// synthetic models made before the tests and disposed after, and what those tests read back.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { Tokenizer } from "@biore/relation-dataset";
import { afterAll, beforeAll } from "vitest";
import { loadModel } from "../io/load-model.js";
import { ensembleMembers } from "../model/ensemble-view.js";
import type { RelationModel } from "../model/relation-model.js";
import { syntheticCorpus, syntheticModel } from "./synthetic.js";

/** The files a single model's save writes. */
export const SINGLE_FILES = [
  "labels.json",
  "manifest.json",
  "model.json",
  "tokenizer.json",
  "training.json",
  "weights.bin",
];

/** A decision rule for the ensembles the tests save. */
export const rule = { noneBias: 0.3, noveltyThreshold: 0.4 };

/** A folder's entries, sorted. */
export const list = (dir: string) => readdirSync(dir).sort();

/** Loads `dir` and returns how many members it has (1 for a single model). */
export function loadedMembers(dir: string): number {
  const loaded = loadModel(dir, { requireManifest: true });
  const n = ensembleMembers(loaded)?.length ?? 1;
  loaded.dispose();
  return n;
}

/**
 * Registers the hooks of a save test file: `models` holds three tiny models once the tests run;
 * `fresh()` names a new case folder (not created) under a root removed at the end.
 */
export function saveFixture(name: string): { fresh: () => string; models: RelationModel[] } {
  const root = mkdtempSync(join(tmpdir(), `re-models-${name}-`));
  let counter = 0;
  const corpus = syntheticCorpus(3, 11);
  const tiny = (seed: number) =>
    syntheticModel(corpus, seed, { tokenizer: Tokenizer.fit(["alpha", "beta"]), maxTokens: 128 });
  const models: RelationModel[] = [];
  beforeAll(async () => {
    await tf.setBackend("cpu");
    models.push(tiny(1), tiny(2), tiny(3));
  });
  afterAll(() => {
    for (const m of models) m.dispose();
    rmSync(root, { recursive: true, force: true });
  });
  return { fresh: () => join(root, `case-${counter++}`), models };
}
