import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { EpochSelector } from "./epoch-selection.js";
import type { TrainOptions } from "./options.js";
import { train } from "./train.js";

// selectionWindow 3 through the trainer: the same training, the window rule's epoch, and that
// epoch's weights in the returned model (also after a resume).

const root = mkdtempSync(join(tmpdir(), "re-models-selection-window-"));
beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const corpus = syntheticCorpus(10, 11);
const fit = corpus.documents.slice(0, 7);
const validation = corpus.documents.slice(7);
const make = (seed = 2) => syntheticModel(corpus, seed, { shape: { dropout: 0.2 } });
const base: TrainOptions = {
  epochs: 7,
  batchSize: 2,
  learningRate: 1e-2,
  seed: 6,
  patience: 7,
  validation,
};

/** Trains and keeps every epoch's validation relation logits (the weights held at that epoch). */
async function run(options: TrainOptions, model = make()) {
  const logits: Float32Array[] = [];
  const result = await train(model, { documents: fit }, options, {
    onEpochEnd: () => void logits.push(model.score(validation).relationLogits),
  });
  return { model, result, logits };
}

describe("train: selectionWindow", () => {
  it("trains the same curve, keeps the window rule's epoch and that epoch's weights", async () => {
    const single = await run(base);
    const windowed = await run({ ...base, selectionWindow: 3 });
    const strip = (h: typeof single.result.history) => h.map(({ seconds: _, ...r }) => r);
    expect(strip(windowed.result.history)).toEqual(strip(single.result.history));
    const expected = new EpochSelector(3);
    for (const h of windowed.result.history) expected.add(h.epoch, h.validationF1 as number);
    expect(windowed.result.bestEpoch).toBe(expected.bestEpoch);
    console.log(
      single.result.history.map((h) => h.validationF1),
      single.result.bestEpoch,
      windowed.result.bestEpoch,
    );
    const kept = windowed.logits[windowed.result.bestEpoch - 1] as Float32Array;
    expect(Array.from(windowed.model.score(validation).relationLogits)).toEqual(Array.from(kept));
    expect(windowed.result.bestValidationF1).toBe(
      windowed.result.history[windowed.result.bestEpoch - 1]?.validationF1,
    );
    single.model.dispose();
    windowed.model.dispose();
  });

  it("resumed after epoch 4, picks the same epoch and weights as the uninterrupted run", async () => {
    const options = { ...base, selectionWindow: 3 };
    const full = await run(options);
    const dir = join(root, "resume");
    const controller = new AbortController();
    const first = make();
    await train(
      first,
      { documents: fit },
      { ...options, checkpointDir: dir, signal: controller.signal },
      { onEpochEnd: (r) => void (r.epoch === 4 && controller.abort()) },
    );
    const resumed = await run({ ...options, checkpointDir: dir, resume: true }, make(77));
    expect(resumed.result.resumedFromEpoch).toBe(4);
    expect(resumed.result.bestEpoch).toBe(full.result.bestEpoch);
    const a = full.model.score(validation).relationLogits;
    const b = resumed.model.score(validation).relationLogits;
    for (const [i, x] of a.entries()) expect(b[i]).toBeCloseTo(x, 4);
    for (const m of [full.model, first, resumed.model]) m.dispose();
  });

  it("refuses a window other than 1 or 3 before training", async () => {
    const model = make();
    await expect(train(model, { documents: fit }, { ...base, selectionWindow: 2 })).rejects.toThrow(
      ModelError,
    );
    model.dispose();
  });
});
