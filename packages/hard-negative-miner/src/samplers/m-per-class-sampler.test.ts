import { describe, expect, it } from "vitest";
import { MetricLearningError } from "../errors.js";
import { MPerClassSampler } from "./m-per-class-sampler.js";

const labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 3, 4, 4, 4];

describe("MPerClassSampler", () => {
  it("puts exactly m examples of each of batchSize/m classes in every batch", () => {
    const sampler = new MPerClassSampler(labels, 2, {
      batchSize: 6,
      lengthBeforeNewIter: 60,
      seed: 1,
    });
    expect(sampler.length).toBe(60);
    const batches = sampler.batches();
    expect(batches).toHaveLength(10);
    for (const batch of batches) {
      expect(batch).toHaveLength(6);
      const perClass = new Map<number, number>();
      for (const i of batch) perClass.set(labels[i]!, (perClass.get(labels[i]!) ?? 0) + 1);
      expect(perClass.size).toBe(3);
      expect([...perClass.values()].every((c) => c === 2)).toBe(true);
    }
  });

  it("samples without replacement within a class when it has at least m members", () => {
    const sampler = new MPerClassSampler(labels, 3, { seed: 2, lengthBeforeNewIter: 150 });
    for (const batch of sampler.batches(0)) {
      const byClass = new Map<number, number[]>();
      for (const i of batch) byClass.set(labels[i]!, [...(byClass.get(labels[i]!) ?? []), i]);
      for (const [cls, idx] of byClass) {
        // class 3 has one member: it must repeat; the others must not
        if (cls === 3) expect(new Set(idx).size).toBe(1);
        else expect(new Set(idx).size).toBe(3);
      }
    }
  });

  it("is deterministic for a seed and epoch, and differs across epochs and seeds", () => {
    const a = new MPerClassSampler(labels, 2, { seed: 7, lengthBeforeNewIter: 40 });
    const b = new MPerClassSampler(labels, 2, { seed: 7, lengthBeforeNewIter: 40 });
    const c = new MPerClassSampler(labels, 2, { seed: 8, lengthBeforeNewIter: 40 });
    expect(Array.from(a.indices(3))).toEqual(Array.from(b.indices(3)));
    expect(Array.from(a.indices(3))).not.toEqual(Array.from(a.indices(4)));
    expect(Array.from(a.indices(3))).not.toEqual(Array.from(c.indices(3)));
  });

  it("covers every class over an epoch", () => {
    const sampler = new MPerClassSampler(labels, 2, {
      batchSize: 4,
      lengthBeforeNewIter: 200,
      seed: 3,
    });
    const seen = new Set(Array.from(sampler.indices(), (i) => labels[i]));
    expect(seen).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it("rejects batch sizes that are not a multiple of m or exceed m * classes", () => {
    for (const batchSize of [5, 12]) {
      try {
        new MPerClassSampler(labels, 2, { batchSize });
        expect.unreachable();
      } catch (e) {
        expect((e as MetricLearningError).code).toBe("INVALID_OPTION");
        expect((e as MetricLearningError).argument).toBe("batchSize");
      }
    }
    expect(() => new MPerClassSampler([0.5], 1)).toThrow(MetricLearningError);
  });
});
