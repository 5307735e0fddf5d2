import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { hasCheckpoint, readCheckpoint } from "./checkpoint.js";
import { train } from "./train.js";

// An abort that arrives through the event loop (a Ctrl-C handler, a timer) is seen after the
// current step, not at the epoch's end; the partial epoch is neither recorded nor checkpointed.

const root = mkdtempSync(join(tmpdir(), "re-models-interrupt-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const corpus = syntheticCorpus(12, 3);
const make = (seed = 4) => syntheticModel(corpus, seed);
const options = { epochs: 3, batchSize: 2, learningRate: 5e-3, seed: 8 };
const BATCHES_PER_EPOCH = 6;

describe("train: aborts through the event loop", () => {
  it("stops after the current step; an unfinished first epoch leaves no checkpoint", async () => {
    const dir = join(root, "first-epoch");
    const controller = new AbortController();
    const model = make();
    const steps: number[] = [];
    const result = await train(
      model,
      { documents: corpus.documents },
      { ...options, checkpointDir: dir, signal: controller.signal },
      {
        onBatchEnd: (p) => {
          steps.push(p.step);
          // like a SIGINT handler: runs on the event loop, not inside the step
          if (p.batch === 2) setImmediate(() => controller.abort());
        },
      },
    );
    expect(steps.length).toBeGreaterThanOrEqual(2);
    expect(steps.length).toBeLessThan(BATCHES_PER_EPOCH);
    expect(result.history).toEqual([]);
    expect(hasCheckpoint(dir)).toBe(false);
    model.dispose();
  });

  it("mid-epoch 2: the epoch-1 checkpoint stays, and resuming gives the uninterrupted curve", async () => {
    const full: number[] = [];
    const reference = make();
    await train(reference, { documents: corpus.documents }, options, {
      onBatchEnd: (p) => void full.push(p.loss),
    });

    const dir = join(root, "second-epoch");
    const controller = new AbortController();
    const first: number[] = [];
    const interrupted = make();
    await train(
      interrupted,
      { documents: corpus.documents },
      { ...options, checkpointDir: dir, signal: controller.signal },
      {
        onBatchEnd: (p) => {
          first.push(p.loss);
          if (p.epoch === 2 && p.batch === 3) setImmediate(() => controller.abort());
        },
      },
    );
    expect(first.length).toBeLessThan(2 * BATCHES_PER_EPOCH);
    const { state, tensors } = readCheckpoint(dir);
    expect(state.epoch).toBe(1);
    tf.dispose(Object.values(tensors));

    const rest: number[] = [];
    const resumed = make(99);
    const result = await train(
      resumed,
      { documents: corpus.documents },
      { ...options, checkpointDir: dir, resume: true },
      { onBatchEnd: (p) => void rest.push(p.loss) },
    );
    expect(result.resumedFromEpoch).toBe(1);
    const joined = [...first.slice(0, BATCHES_PER_EPOCH), ...rest];
    expect(joined).toHaveLength(full.length);
    for (const [i, loss] of joined.entries()) expect(loss).toBeCloseTo(full[i] as number, 5);
    for (const m of [reference, interrupted, resumed]) m.dispose();
  });
});
