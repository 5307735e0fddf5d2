import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { syntheticCorpus, TINY_SHAPE, syntheticModel } from "../test-support/synthetic.js";
import { readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import type { TrainOptions } from "./options.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "re-models-ckpt-"));
  dirs.push(dir);
  return dir;
}

const corpus = syntheticCorpus(8, 21);
const make = (seed = 4) => syntheticModel(corpus, seed, { shape: { dropout: 0.1 } });
const options = {
  epochs: 4,
  batchSize: 3,
  learningRate: 5e-3,
  seed: 8,
  validation: corpus.documents.slice(0, 2),
};

/**
 * Trains `trainOptions` uninterrupted, then again stopped after epoch `stopAfter` (checkpointed)
 * and resumed into a fresh model with a different init; returns both runs' curves and models.
 */
async function interruptAndResume(trainOptions: TrainOptions, stopAfter: number) {
  const full: number[] = [];
  const reference = make();
  const fullResult = await train(reference, { documents: corpus.documents }, trainOptions, {
    onBatchEnd: (p) => void full.push(p.loss),
  });

  const dir = tempDir();
  const controller = new AbortController();
  const first: number[] = [];
  const interrupted = make();
  await train(
    interrupted,
    { documents: corpus.documents },
    { ...trainOptions, checkpointDir: dir, signal: controller.signal },
    {
      onBatchEnd: (p) => void first.push(p.loss),
      onEpochEnd: (r) => {
        if (r.epoch === stopAfter) controller.abort();
      },
    },
  );
  const written = readCheckpoint(dir);
  expect(written.state.epoch).toBe(stopAfter);
  tf.dispose(Object.values(written.tensors));
  interrupted.dispose();

  // a fresh model with a different init: everything must come from the checkpoint
  const resumed = make(99);
  const rest: number[] = [];
  const result = await train(
    resumed,
    { documents: corpus.documents },
    { ...trainOptions, checkpointDir: dir, resume: true },
    { onBatchEnd: (p) => void rest.push(p.loss) },
  );
  expect(result.resumedFromEpoch).toBe(stopAfter);
  return { full, fullResult, joined: [...first, ...rest], result, reference, resumed, dir };
}

describe("train: checkpoints, resume, NaN guard, memory", () => {
  it("resumes from a checkpoint and continues the uninterrupted run's loss curve", async () => {
    const { full, joined, result, reference, resumed } = await interruptAndResume(options, 2);
    expect(joined.length).toBe(full.length);
    for (const [i, loss] of joined.entries()) expect(loss).toBeCloseTo(full[i] as number, 5);
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    const a = reference.score(corpus.documents).relationLogits;
    const b = resumed.score(corpus.documents).relationLogits;
    for (const [i, v] of a.entries()) expect(b[i]).toBeCloseTo(v, 4);
    reference.dispose();
    resumed.dispose();
  });

  it("resumes an HNM run with its cross-batch memory bank: the same curve as uninterrupted", async () => {
    const before = tf.memory().numTensors;
    // no CE-only warm-up, so the bank holds epoch 1's projections when it is checkpointed; few
    // pairs per batch, so no single batch after the resume overwrites the whole bank
    const hnmOptions: TrainOptions = {
      ...options,
      epochs: 3,
      objective: "hnm",
      // None pairs in too, so the run fills the 48-entry bank (the test is about the bank)
      hnm: {
        warmupEpochs: 0,
        memorySize: 48,
        maxPairs: 8,
        samplesPerClass: 2,
        weight: 1,
        contrastNone: true,
      },
    };
    const { full, fullResult, joined, result, reference, resumed, dir } = await interruptAndResume(
      hnmOptions,
      1,
    );
    expect(joined.length).toBe(full.length);
    for (const [i, loss] of joined.entries()) expect(Math.abs(loss - full[i]!)).toBeLessThan(1e-5);
    const curve = (r: typeof result) => r.history.map((h) => h.trainLoss);
    expect(curve(result)).toHaveLength(3);
    for (const [i, loss] of curve(result).entries())
      expect(Math.abs(loss - curve(fullResult)[i]!)).toBeLessThan(1e-5);
    // the last checkpoint carries the (by now full) bank: labels in the header, rows as a tensor
    const { state, tensors } = readCheckpoint(dir);
    expect(state.contrastive?.labels).toHaveLength(48);
    expect(tensors["contrastive/memory"]?.shape).toEqual([48, TINY_SHAPE.projectionDim]);
    tf.dispose(Object.values(tensors));
    reference.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("resumes an HNM checkpoint written before the memory bank was saved, with an empty bank", async () => {
    const hnmOptions: TrainOptions = {
      ...options,
      epochs: 2,
      objective: "hnm",
      hnm: { warmupEpochs: 0, memorySize: 48, maxPairs: 8, samplesPerClass: 2 },
    };
    const dir = tempDir();
    const model = make();
    await train(model, { documents: corpus.documents }, { ...hnmOptions, checkpointDir: dir });
    // rewrite the checkpoint as an older version wrote it: no term state, no memory tensor
    const { state, tensors } = readCheckpoint(dir);
    const { contrastive: _dropped, ...older } = state;
    const { "contrastive/memory": memory, ...rest } = tensors;
    const epoch1 = {
      ...older,
      epoch: 1,
      bestEpoch: 1,
      epochsWithoutImprovement: 0,
      history: state.history.slice(0, 1),
    };
    await writeCheckpoint(dir, epoch1, rest);
    const before = tf.memory().numTensors;
    const result = await train(
      model,
      { documents: corpus.documents },
      { ...hnmOptions, checkpointDir: dir, resume: true },
    );
    expect(result.resumedFromEpoch).toBe(1);
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);

    // labels without their memory tensor: a corrupt term state is refused, nothing leaks
    await writeCheckpoint(dir, { ...epoch1, contrastive: { labels: [1, 2] } }, rest);
    await expect(
      train(
        model,
        { documents: corpus.documents },
        { ...hnmOptions, checkpointDir: dir, resume: true },
      ),
    ).rejects.toMatchObject({ code: "CHECKPOINT_INVALID" });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([memory!, ...Object.values(rest)]);
    model.dispose();
  });

  it("refuses to resume a checkpoint of a different run", async () => {
    const dir = tempDir();
    const model = make();
    await train(
      model,
      { documents: corpus.documents },
      { ...options, epochs: 1, checkpointDir: dir },
    );
    await expect(
      train(
        model,
        { documents: corpus.documents },
        { ...options, seed: 1, checkpointDir: dir, resume: true },
      ),
    ).rejects.toMatchObject({ code: "CHECKPOINT_INVALID" });
    model.dispose();
  });

  it("refuses to resume an HNM checkpoint with other HNM settings", async () => {
    const hnmOptions: TrainOptions = {
      ...options,
      objective: "hnm",
      hnm: { warmupEpochs: 0, memorySize: 48, maxPairs: 8, samplesPerClass: 2 },
    };
    const dir = tempDir();
    const model = make();
    await train(
      model,
      { documents: corpus.documents },
      { ...hnmOptions, epochs: 1, checkpointDir: dir },
    );
    await expect(
      train(
        model,
        { documents: corpus.documents },
        {
          ...hnmOptions,
          epochs: 1,
          hnm: { ...hnmOptions.hnm, weight: 0.7 },
          checkpointDir: dir,
          resume: true,
        },
      ),
    ).rejects.toMatchObject({ code: "CHECKPOINT_INVALID" });
    model.dispose();
  });

  it("stops with NON_FINITE_LOSS on a NaN and keeps the last good checkpoint", async () => {
    const dir = tempDir();
    const model = make();
    const before = tf.memory().numTensors;
    const error = await train(
      model,
      { documents: corpus.documents },
      { ...options, checkpointDir: dir },
      {
        onEpochEnd: (r) => {
          // simulate a blown-up weight after the first epoch's checkpoint
          if (r.epoch === 1) {
            tf.tidy(() =>
              model.params
                .get("relation/bias")
                ?.assign(tf.fill([model.config.numLabels], Number.NaN)),
            );
          }
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe("NON_FINITE_LOSS");
    expect((error as ModelError).message).toMatch(/epoch 2, batch 1/);
    expect(tf.memory().numTensors).toBe(before);
    const { state, tensors } = readCheckpoint(dir);
    expect(state.epoch).toBe(1);
    const bias = tensors["param/relation/bias"] as tf.Tensor;
    expect(Array.from(bias.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose(Object.values(tensors));
    model.dispose();
  });

  it.each(["baseline", "hnm"] as const)(
    "does not grow tf.memory().numTensors across steps (%s)",
    async (objective) => {
      const model = make();
      const before = tf.memory().numTensors;
      const counts: number[] = [];
      await train(
        model,
        { documents: corpus.documents },
        {
          ...options,
          objective,
          epochs: 3,
          hnm: { warmupEpochs: 1, memorySize: 64, maxPairs: 32 },
        },
        { onBatchEnd: () => void counts.push(tf.memory().numTensors) },
      );
      const steady = counts.slice(counts.length / 3 + 1);
      expect(new Set(steady).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    },
  );
});

describe("train: input checks", () => {
  it("rejects documents whose labels or tokens do not fit the model", async () => {
    const model = make();
    const bad = { ...(corpus.documents[0] as (typeof corpus.documents)[number]) };
    bad.labelIds = Int32Array.from(bad.labelIds, () => 7);
    await expect(train(model, { documents: [bad] })).rejects.toMatchObject({
      code: "LABEL_SPACE_MISMATCH",
    });
    const badTokens = { ...(corpus.documents[0] as (typeof corpus.documents)[number]) };
    badTokens.tokenIds = Int32Array.from(badTokens.tokenIds, () => 10_000);
    expect(() => model.score([badTokens])).toThrow(/outside the vocabulary/);
    model.dispose();
  });
});
