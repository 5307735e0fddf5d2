import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { contrastiveWeightAt } from "./contrastive-ramp.js";
import type { BatchProgress, HnmOptions } from "./options.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("contrastiveWeightAt", () => {
  it("is 0 in warm-up, then full weight at once without a ramp", () => {
    const schedule = { weight: 0.2, warmupEpochs: 1, weightRampEpochs: 0 };
    expect(contrastiveWeightAt(schedule, 1, 2, 3)).toBe(0);
    expect(contrastiveWeightAt(schedule, 2, 0, 3)).toBe(0.2);
    expect(contrastiveWeightAt(schedule, 5, 1, 3)).toBe(0.2);
  });

  it("rises linearly per step over the ramp epochs, then stays at full weight", () => {
    const schedule = { weight: 0.3, warmupEpochs: 0, weightRampEpochs: 2 };
    const weights = [1, 2, 3].flatMap((epoch) =>
      [0, 1, 2, 3].map((step) => contrastiveWeightAt(schedule, epoch, step, 4)),
    );
    const expected = [1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8, 8].map((k) => (0.3 * k) / 8);
    weights.forEach((w, i) => {
      expect(w).toBeCloseTo(expected[i] as number, 12);
    });
  });
});

describe("train with hnm.weightRampEpochs", () => {
  const corpus = syntheticCorpus(6, 7);

  /** Per step: the contrastive weight the total loss actually carried (null when the term is off). */
  async function effectiveWeights(
    hnm: HnmOptions,
  ): Promise<{ weights: (number | null)[]; losses: number[] }> {
    const model = syntheticModel(corpus, 3);
    const steps: BatchProgress[] = [];
    await train(
      model,
      { documents: corpus.documents },
      { objective: "hnm", epochs: 4, batchSize: 2, seed: 5, noveltyWeight: 0.5, hnm },
      { onBatchEnd: (p) => void steps.push(p) },
    );
    model.dispose();
    return {
      weights: steps.map((p) =>
        p.contrastive === null ? null : (p.loss - p.crossEntropy - 0.5 * p.novelty) / p.contrastive,
      ),
      losses: steps.map((p) => p.loss),
    };
  }

  it("carries the ramped weight in the loss, and 0 is the switch-on at full weight", async () => {
    const base = { weight: 0.2, warmupEpochs: 1, memorySize: 0 };
    const ramped = await effectiveWeights({ ...base, weightRampEpochs: 2 });
    // 6 documents, 2 per batch: 3 steps per epoch; the ramp spans epochs 2-3 (6 steps)
    expect(ramped.weights).toHaveLength(12);
    expect(ramped.weights.slice(0, 3)).toEqual([null, null, null]);
    const expected = [1, 2, 3, 4, 5, 6, 6, 6, 6].map((k) => (0.2 * k) / 6);
    ramped.weights.slice(3).forEach((w, i) => {
      expect(w).toBeCloseTo(expected[i] as number, 3);
    });

    const off = await effectiveWeights({ ...base, weightRampEpochs: 0 });
    const omitted = await effectiveWeights(base);
    expect(off.losses).toEqual(omitted.losses);
    off.weights.slice(3).forEach((w) => {
      expect(w).toBeCloseTo(0.2, 3);
    });
    expect(ramped.losses.slice(0, 3)).toEqual(off.losses.slice(0, 3)); // same warm-up
    expect(ramped.losses.slice(3)).not.toEqual(off.losses.slice(3));
  });

  it("rejects a negative ramp with a typed error", async () => {
    const model = syntheticModel(corpus, 3);
    await expect(
      train(
        model,
        { documents: corpus.documents },
        { objective: "hnm", hnm: { weightRampEpochs: -1 } },
      ),
    ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    model.dispose();
  });
});
