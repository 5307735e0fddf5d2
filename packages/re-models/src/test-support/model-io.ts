// What the model-folder tests share: a folder that must not load, a model that must score the
// same after a save and a load, and a forger's re-hash of a folder's manifest.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EncodedDocument } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import { ModelError } from "../errors.js";
import { sha256Hex } from "../io/integrity.js";
import { type LoadOptions, loadModel } from "../io/load-model.js";
import { MODEL_FILES } from "../io/model-format.js";
import { saveModel } from "../io/save-model.js";
import type { RelationModel } from "../model/relation-model.js";

/**
 * Loads `dir` expecting a ModelError and returns it; a failed load must leave no tensors
 * behind. `why` completes the failure message ("loaded although it was …").
 */
export function expectLoadError(dir: string, why: string, options: LoadOptions = {}): ModelError {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    loadModel(dir, options).dispose();
  } catch (error) {
    caught = error;
  }
  expect(tf.memory().numTensors).toBe(before);
  expect(caught, `${dir} loaded although it was ${why}`).toBeInstanceOf(ModelError);
  return caught as ModelError;
}

/**
 * Saves `model` into a temporary folder, loads it back and checks the loaded model scores
 * `documents` with the same relation logits; `check` sees the loaded model before it is freed.
 */
export async function expectSameScoresAfterReload(
  model: RelationModel,
  documents: readonly EncodedDocument[],
  check: (loaded: RelationModel) => void = () => {},
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "re-models-reload-"));
  try {
    await saveModel(model, dir);
    const loaded = loadModel(dir);
    try {
      check(loaded);
      const a = model.score(documents).relationLogits;
      const b = loaded.score(documents).relationLogits;
      for (const [i, v] of a.entries()) expect(b[i]).toBeCloseTo(v, 5);
    } finally {
      loaded.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Recomputes a folder's manifest digests (keeping its expectations), as a careful forger would. */
export function rehashManifest(dir: string): void {
  const path = join(dir, MODEL_FILES.manifest);
  const manifest = JSON.parse(readFileSync(path, "utf8"));
  for (const name of Object.keys(manifest.files)) {
    const bytes = readFileSync(join(dir, name));
    manifest.files[name] = { sha256: sha256Hex(bytes), bytes: bytes.byteLength };
  }
  writeFileSync(path, JSON.stringify(manifest));
}
