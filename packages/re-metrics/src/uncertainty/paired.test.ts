import { describe, expect, it } from "vitest";
import type { MatchCounts } from "../biored/document-counts.js";
import { scoresFromCounts } from "../classification/f-score.js";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { pairedBootstrap, pairedPermutationTest } from "./paired.js";

/** Micro-F1 from per-document counts, the statistic the CLI compares systems with. */
const microF1 = (docs: readonly MatchCounts[]) => {
  const sum = docs.reduce((a, d) => ({ tp: a.tp + d.tp, fp: a.fp + d.fp, fn: a.fn + d.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  return scoresFromCounts(sum.tp, sum.fp, sum.fn).f1;
};

// 30 documents; A finds 4 of 5 relations per document, B finds 2 of 5.
const systemA = Array.from({ length: 30 }, (_, i) => ({ tp: 4, fp: i % 3 === 0 ? 1 : 0, fn: 1 }));
const systemB = Array.from({ length: 30 }, (_, i) => ({ tp: 2, fp: i % 2, fn: 3 }));

describe("pairedBootstrap", () => {
  it("finds a clear winner with the smallest possible p-value", () => {
    const r = pairedBootstrap(systemA, systemB, microF1, { seed: 1, iterations: 500 });
    // A: tp=120, fp=10, fn=30 -> F1 = 240/280 = 6/7; B: tp=60, fp=15, fn=90 -> 120/225 = 8/15
    expect(r.scoreA).toBeCloseTo(6 / 7, 15);
    expect(r.scoreB).toBeCloseTo(8 / 15, 15);
    expect(r.difference.estimate).toBeCloseTo(6 / 7 - 8 / 15, 15);
    // A wins every resample: p = (1 + 0)/(1 + 500)
    expect(r.pValue).toBeCloseTo(1 / 501, 15);
    expect(r.winRate).toBe(1);
    expect(r.difference.lower).toBeGreaterThan(0);
  });

  it("gives p = 1 and a zero difference for identical systems", () => {
    const r = pairedBootstrap(systemA, systemA, microF1, { seed: 2, iterations: 100 });
    expect(r.difference.estimate).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.winRate).toBe(0);
  });

  it("refuses unpaired input", () => {
    expectMetricsError(
      () => pairedBootstrap(systemA, systemB.slice(1), microF1),
      "LENGTH_MISMATCH",
      "unitsB",
    );
    expectMetricsError(() => pairedBootstrap([], [], microF1), "EMPTY_INPUT", "unitsA");
  });
});

describe("pairedPermutationTest", () => {
  it("rejects exchangeability for a clear winner", () => {
    const r = pairedPermutationTest(systemA, systemB, microF1, { seed: 3, iterations: 500 });
    expect(r.difference).toBeCloseTo(6 / 7 - 8 / 15, 15);
    // only the identity-like swaps reach the observed gap; with 30 documents that is ~2^-29
    expect(r.pValue).toBeLessThan(0.01);
  });

  it("gives p = 1 for identical systems and for a single document", () => {
    expect(pairedPermutationTest(systemA, systemA, microF1, { iterations: 50 }).pValue).toBe(1);
    // one document: swapping only flips the sign, |difference| is unchanged every time
    expect(
      pairedPermutationTest([systemA[0]!], [systemB[0]!], microF1, { iterations: 50 }).pValue,
    ).toBe(1);
  });

  it("is reproducible for a seed", () => {
    const mixedA = systemA.map((d, i) => (i % 2 ? d : systemB[i]!));
    const a = pairedPermutationTest(mixedA, systemB, microF1, { seed: 8, iterations: 200 });
    expect(pairedPermutationTest(mixedA, systemB, microF1, { seed: 8, iterations: 200 })).toEqual(
      a,
    );
  });
});
