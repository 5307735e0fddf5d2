import { describe, expect, it } from "vitest";
import { precisionRecallF1 } from "../classification/precision-recall-f1.js";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { createRandom } from "../shared/random.js";
import {
  bootstrapCI,
  bootstrapCIs,
  flattenGroups,
  groupByDocument,
  quantileSorted,
  resampleIndices,
} from "./bootstrap.js";

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("quantileSorted", () => {
  it("interpolates linearly like numpy's default", () => {
    const sorted = Float64Array.from([1, 2, 3, 4]);
    // position (4−1)·0.25 = 0.75 -> 1 + 0.75·(2−1) = 1.75
    expect(quantileSorted(sorted, 0.25)).toBe(1.75);
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 1)).toBe(4);
    // position 1.5 -> 2.5
    expect(quantileSorted(sorted, 0.5)).toBe(2.5);
  });
});

describe("bootstrapCI", () => {
  const values = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);

  it("is reproducible for a seed and changes with it", () => {
    const a = bootstrapCI(values, mean, { seed: 1, iterations: 300 });
    expect(bootstrapCI(values, mean, { seed: 1, iterations: 300 })).toEqual(a);
    expect(bootstrapCI(values, mean, { seed: 2, iterations: 300 }).lower).not.toBe(a.lower);
    expect(a.estimate).toBe(mean(values));
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
  });

  it("has the textbook standard error for a mean", () => {
    // bootstrap SE of a mean ≈ population sd / √n (within Monte-Carlo error)
    const m = mean(values);
    const sd = Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
    const ci = bootstrapCI(values, mean, { seed: 3, iterations: 2000 });
    expect(ci.standardError / (sd / Math.sqrt(values.length))).toBeGreaterThan(0.9);
    expect(ci.standardError / (sd / Math.sqrt(values.length))).toBeLessThan(1.1);
    // a 95% interval is about ±1.96 SE wide
    expect((ci.upper - ci.lower) / (2 * 1.96 * ci.standardError)).toBeGreaterThan(0.85);
    expect((ci.upper - ci.lower) / (2 * 1.96 * ci.standardError)).toBeLessThan(1.15);
  });

  it("collapses to the estimate for a constant statistic and counts non-finite resamples", () => {
    const ci = bootstrapCI([1, 2, 3], () => 0.5, { iterations: 50 });
    expect([ci.lower, ci.estimate, ci.upper]).toEqual([0.5, 0.5, 0.5]);
    const nan = bootstrapCI([0, 1], (s) => (s.every((v) => v === 0) ? Number.NaN : 1), {
      iterations: 400,
      seed: 5,
    });
    // P(all zeros) = 1/4 per resample
    expect(nan.nonFinite).toBeGreaterThan(50);
    expect(nan.nonFinite).toBeLessThan(150);
    expect(nan.lower).toBe(1);
  });

  it("draws every resample index uniformly in range", () => {
    const random = createRandom(9);
    const counts = new Array<number>(5).fill(0);
    for (let t = 0; t < 2000; t++) for (const i of resampleIndices(5, random)) counts[i]!++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it("resamples whole documents and computes several statistics on the same resamples", () => {
    const items = [
      { doc: "d1", gold: "A", pred: "A" },
      { doc: "d1", gold: "B", pred: "A" },
      { doc: "d2", gold: "B", pred: "B" },
      { doc: "d3", gold: "A", pred: "None" },
    ];
    const groups = groupByDocument(items, (i) => i.doc);
    expect(groups.map((g) => [g.documentId, g.items.length])).toEqual([
      ["d1", 2],
      ["d2", 1],
      ["d3", 1],
    ]);
    expect(flattenGroups([groups[0]!, groups[0]!])).toHaveLength(4);
    const score = (docs: readonly (typeof groups)[number][]) => {
      const flat = flattenGroups(docs);
      return precisionRecallF1(
        flat.map((i) => i.gold),
        flat.map((i) => i.pred),
        { labels: ["A", "B"] },
      );
    };
    const cis = bootstrapCIs(
      groups,
      { micro: (d) => score(d).micro.f1, macro: (d) => score(d).macro.f1 },
      { seed: 4, iterations: 200 },
    );
    // full data: A tp=1 fp=1 fn=1, B tp=1 fp=0 fn=1 -> micro tp=2, fp=1, fn=2 -> F1 = 4/7
    expect(cis.micro.estimate).toBeCloseTo(4 / 7, 15);
    expect(cis.macro.iterations).toBe(200);
    expect(cis.micro.lower).toBeLessThanOrEqual(cis.micro.estimate);
  });

  it("refuses bad options and empty input", () => {
    expectMetricsError(
      () => bootstrapCI([1], mean, { iterations: 0 }),
      "INVALID_OPTION",
      "options.iterations",
    );
    expectMetricsError(
      () => bootstrapCI([1], mean, { confidence: 1 }),
      "INVALID_OPTION",
      "options.confidence",
    );
    expectMetricsError(
      () => bootstrapCI([1], mean, { seed: Number.NaN }),
      "INVALID_OPTION",
      "options.seed",
    );
    expectMetricsError(() => bootstrapCI([], mean), "EMPTY_INPUT", "units");
  });
});

describe("bootstrap progress", () => {
  it("reports every resample", () => {
    const done: number[] = [];
    bootstrapCI([1, 2, 3], mean, { iterations: 5, onProgress: (d, total) => done.push(d / total) });
    expect(done).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });
});
