import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { createModel } from "../model/create.js";
import { TYPE_MASK_PARAM } from "../model/params.js";
import type { RelationModel } from "../model/relation-model.js";
import { syntheticCorpus, TINY_SHAPE } from "../test-support/synthetic.js";
import { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { train } from "./train.js";

// A checkpoint records the token limit its documents were encoded with (the model's
// preprocessing.maxTokens): a resume at another limit, or from a checkpoint that predates the
// record, is refused before anything is restored. The synthetic documents are encoded once;
// what differs between runs here is the limit the model says they were encoded at.

const root = mkdtempSync(join(tmpdir(), "re-models-ckpt-limit-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const corpus = syntheticCorpus(8, 5);
const make = (maxTokens: number | undefined, seed = 4) =>
  createModel({
    shape: TINY_SHAPE,
    seed,
    labelSpace: corpus.labelSpace,
    vocabSize: corpus.vocabSize,
    numEntityTypes: corpus.numEntityTypes,
    numPairFeatures: corpus.numPairFeatures,
    ...(maxTokens !== undefined ? { maxTokens } : {}),
  });
const options = { epochs: 3, batchSize: 3, learningRate: 5e-3, seed: 8 };
let runs = 0;

/** Trains a model at `maxTokens`, stopped after epoch 1; returns the checkpoint's folder and the losses. */
async function checkpointAt(maxTokens: number | undefined) {
  const dir = join(root, `run-${runs++}`);
  const model = make(maxTokens);
  const controller = new AbortController();
  const losses: number[] = [];
  await train(
    model,
    { documents: corpus.documents },
    { ...options, checkpointDir: dir, signal: controller.signal },
    {
      onBatchEnd: (p) => void losses.push(p.loss),
      onEpochEnd: (r) => (r.epoch === 1 ? controller.abort() : undefined),
    },
  );
  model.dispose();
  return { dir, losses };
}

/** The refusal of resuming `dir` into a fresh model at `maxTokens`, after checking it restored nothing. */
async function refusal(dir: string, maxTokens: number | undefined): Promise<ModelError> {
  const model = make(maxTokens, 99);
  const before = snapshot(model);
  const bytes = readFileSync(join(dir, CHECKPOINT_FILE));
  const tensors = tf.memory().numTensors;
  const error = await train(
    model,
    { documents: corpus.documents },
    { ...options, checkpointDir: dir, resume: true },
  ).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ModelError);
  // nothing half-restored: the fresh model keeps its init (the type mask is set from the
  // documents before a resume), nothing read is left allocated, the checkpoint is untouched
  const after = snapshot(model);
  for (const [name, values] of before)
    if (name !== TYPE_MASK_PARAM) expect(after.get(name), name).toEqual(values);
  expect(tf.memory().numTensors).toBe(tensors);
  expect(readFileSync(join(dir, CHECKPOINT_FILE)).equals(bytes)).toBe(true);
  model.dispose();
  return error as ModelError;
}

function snapshot(model: RelationModel): Map<string, Float32Array> {
  return new Map([...model.params].map(([name, v]) => [name, v.dataSync() as Float32Array]));
}

describe("checkpoint: the token limit", () => {
  it("is recorded, and a resume at the same limit continues the uninterrupted curve", async () => {
    const reference = make(512);
    const full: number[] = [];
    await train(reference, { documents: corpus.documents }, options, {
      onBatchEnd: (p) => void full.push(p.loss),
    });
    reference.dispose();

    const { dir, losses } = await checkpointAt(512);
    const { state, tensors } = readCheckpoint(dir);
    expect(state.maxTokens).toBe(512);
    tf.dispose(Object.values(tensors));

    const resumed = make(512, 99);
    const rest: number[] = [];
    const result = await train(
      resumed,
      { documents: corpus.documents },
      { ...options, checkpointDir: dir, resume: true },
      { onBatchEnd: (p) => void rest.push(p.loss) },
    );
    expect(result.resumedFromEpoch).toBe(1);
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    const joined = [...losses, ...rest];
    expect(joined).toHaveLength(full.length);
    for (const [i, loss] of joined.entries()) expect(loss).toBeCloseTo(full[i] as number, 5);
    resumed.dispose();
  });

  it("a resume at another limit is CHECKPOINT_INVALID naming both limits, with nothing restored", async () => {
    const { dir } = await checkpointAt(512);
    const error = await refusal(dir, 1024);
    expect(error.code).toBe("CHECKPOINT_INVALID");
    expect(error.message).toMatch(/token limit differs/);
    expect(error.message).toMatch(/at 512 tokens, this run at 1024 tokens/);
    expect(error.message).toContain(dir);
  });

  it("a model that records no limit does not resume a checkpoint that does, nor the reverse", async () => {
    const recorded = await checkpointAt(512);
    const unrecorded = await checkpointAt(undefined);
    const one = await refusal(recorded.dir, undefined);
    expect(one.code).toBe("CHECKPOINT_INVALID");
    expect(one.message).toMatch(/at 512 tokens, this run at no recorded limit/);
    const other = await refusal(unrecorded.dir, 512);
    expect(other.code).toBe("CHECKPOINT_INVALID");
    expect(other.message).toMatch(/at no recorded limit, this run at 512 tokens/);
  });

  it("models that both record no limit resume as before (nothing to compare)", async () => {
    const { dir } = await checkpointAt(undefined);
    const { state, tensors } = readCheckpoint(dir);
    expect(state.maxTokens).toBeNull();
    tf.dispose(Object.values(tensors));
    const model = make(undefined, 99);
    const result = await train(
      model,
      { documents: corpus.documents },
      { ...options, checkpointDir: dir, resume: true },
    );
    expect(result.resumedFromEpoch).toBe(1);
    model.dispose();
  });

  it("a checkpoint written before the limit was recorded is refused: the run must start over", async () => {
    const { dir } = await checkpointAt(1024);
    // rewrite it as the previous version wrote it: the same state without maxTokens
    const { state, tensors } = readCheckpoint(dir);
    const { maxTokens: _dropped, ...older } = state;
    await writeCheckpoint(dir, older, tensors);
    tf.dispose(Object.values(tensors));
    const error = await refusal(dir, 1024);
    expect(error.code).toBe("CHECKPOINT_INVALID");
    expect(error.message).toMatch(/predates token-limit recording/);
    expect(error.message).toMatch(/this run's limit \(1024 tokens\)/);
    expect(error.message).toMatch(/start over: train without resume/);
  });
});
