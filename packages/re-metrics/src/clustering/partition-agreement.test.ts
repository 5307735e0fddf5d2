import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { adjustedMutualInfo } from "./adjusted-mutual-info.js";
import { contingency } from "./contingency.js";
import {
  completeness,
  homogeneity,
  homogeneityCompletenessVMeasure,
  vMeasure,
  labelEntropy,
  mutualInfo,
  normalizedMutualInfo,
} from "./mutual-info.js";
import { adjustedRandIndex, pairConfusionMatrix, randIndex } from "./rand-index.js";

const LN2 = Math.log(2);

describe("adjustedRandIndex", () => {
  it("matches hand-computed pair counts", () => {
    // [0,0,1,2] vs [0,0,1,1]: Σ C(n_ij,2) = C(2,2) = 1; rows [2,1,1] -> Σ C(a,2) = 1;
    // cols [2,2] -> Σ C(b,2) = 2; expected = 1·2/C(4,2) = 1/3; max = (1+2)/2 = 3/2
    // ARI = (1 − 1/3) / (3/2 − 1/3) = (2/3)/(7/6) = 4/7
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 15);
    // [0,0,1,1] vs [0,1,0,1]: Σ = 0, rows 2, cols 2, expected 4/6, max 2
    // ARI = (0 − 2/3)/(2 − 2/3) = −1/2
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 15);
    // one cluster vs all singletons: Σ = 0, rows 6, cols 0, expected 0, max 3 -> 0
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it("is 1 for identical partitions, one shared cluster, and empty input", () => {
    expect(adjustedRandIndex([], [])).toBe(1);
    expect(adjustedRandIndex(["a", "a", "a"], [7, 7, 7])).toBe(1);
    expect(adjustedRandIndex([1], [2])).toBe(1);
  });

  it("counts ordered pairs like sklearn's pair_confusion_matrix", () => {
    // [0,0,1,2] vs [0,0,1,1]: same-true pairs {01}; same-pred pairs {01, 23}
    // tp = both same = 1 pair, fp = pred-only {23}, fn = 0, tn = 6 − 2 = 4; ×2 for ordered
    expect(pairConfusionMatrix([0, 0, 1, 2], [0, 0, 1, 1])).toEqual([
      [8, 2],
      [0, 2],
    ]);
    expect(randIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(10 / 12, 15);
  });

  it("stays exact for a million labels (BigInt products)", () => {
    const n = 1_000_000;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = i % 2;
      b[i] = i < n / 2 ? 0 : 1;
    }
    // a: parity (500k each); b: halves. Every cell has 250k items.
    // Σ C(n_ij,2) = 4·C(250000,2); Σ C(a,2) = Σ C(b,2) = 2·C(500000,2)
    const c2 = (x: number) => (x * (x - 1)) / 2;
    const index = 4 * c2(250_000);
    const rows = 2 * c2(500_000);
    const expected = (rows * rows) / c2(n);
    const ari = (index - expected) / (rows - expected);
    expect(adjustedRandIndex(a, b)).toBeCloseTo(ari, 12);
  });

  it("is 1 on itself, symmetric and invariant to relabeling (property)", () => {
    const labeling = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(labeling, labeling, (x, y) => {
        const n = Math.min(x.length, y.length);
        const a = x.slice(0, n);
        const b = y.slice(0, n);
        expect(adjustedRandIndex(a, a)).toBe(1);
        expect(adjustedRandIndex(a, b)).toBeCloseTo(adjustedRandIndex(b, a), 12);
        const renamed = b.map((v) => `cluster-${(v * 7 + 3) % 11}`);
        expect(adjustedRandIndex(a, renamed)).toBeCloseTo(adjustedRandIndex(a, b), 12);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it("refuses mismatched lengths and mixed label kinds, naming the argument", () => {
    expectMetricsError(() => adjustedRandIndex([0, 1], [0]), "LENGTH_MISMATCH", "labelsPred");
    expectMetricsError(
      () => adjustedRandIndex([0, "1"], [0, 1]),
      "MIXED_LABEL_TYPES",
      "labelsTrue",
    );
    expectMetricsError(
      () => normalizedMutualInfo([0, 1], [0, Number.NaN]),
      "INVALID_LABEL",
      "labelsPred",
    );
  });
});

describe("mutual information family", () => {
  // [0,0,1,1] vs [0,0,1,2]: H(true) = ln2, H(pred) = −(½ln½ + 2·¼ln¼) = 1.5·ln2,
  // the prediction refines the truth so MI = H(true) = ln2.
  const truth = [0, 0, 1, 1];
  const refined = [0, 0, 1, 2];

  it("computes entropy and MI in nats", () => {
    expect(labelEntropy(truth)).toBeCloseTo(LN2, 15);
    expect(labelEntropy(refined)).toBeCloseTo(1.5 * LN2, 15);
    expect(mutualInfo(truth, refined)).toBeCloseTo(LN2, 15);
    expect(labelEntropy([])).toBe(1);
  });

  it("normalizes MI with the arithmetic mean by default", () => {
    // NMI = ln2 / ((ln2 + 1.5ln2)/2) = 1/1.25 = 0.8
    expect(normalizedMutualInfo(truth, refined)).toBeCloseTo(0.8, 15);
    // geometric: ln2 / sqrt(ln2 · 1.5ln2) = 1/sqrt(1.5); min: 1; max: 1/1.5
    expect(normalizedMutualInfo(truth, refined, { averageMethod: "geometric" })).toBeCloseTo(
      1 / Math.sqrt(1.5),
      15,
    );
    expect(normalizedMutualInfo(truth, refined, { averageMethod: "min" })).toBeCloseTo(1, 15);
    expect(normalizedMutualInfo(truth, refined, { averageMethod: "max" })).toBeCloseTo(2 / 3, 15);
    expectMetricsError(
      () => normalizedMutualInfo(truth, refined, { averageMethod: "median" as never }),
      "INVALID_OPTION",
      "options.averageMethod",
    );
  });

  it("handles sklearn's limit cases", () => {
    expect(normalizedMutualInfo([], [])).toBe(1);
    expect(normalizedMutualInfo([3, 3, 3], ["x", "x", "x"])).toBe(1);
    // one side a single cluster: MI = 0 -> 0
    expect(normalizedMutualInfo([0, 0, 0], [0, 1, 2])).toBe(0);
    expect(adjustedMutualInfo([], [])).toBe(1);
    expect(adjustedMutualInfo([1, 1], [2, 2])).toBe(1);
    expect(adjustedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    // all singletons on both sides: MI = E[MI] = H = ln2, so AMI is 0/0; it is reported as a
    // perfect match (1) instead of sklearn's rounding noise
    expect(adjustedMutualInfo([0, 1], [0, 1])).toBe(1);
    expect(adjustedMutualInfo([0, 1, 2, 3], ["a", "b", "c", "d"])).toBe(1);
  });

  it("gives homogeneity 1, completeness 2/3 and V = NMI for a refinement", () => {
    // h = MI/H(true) = 1; c = MI/H(pred) = 1/1.5; V = 2·1·(2/3)/(1 + 2/3) = 0.8
    const v = homogeneityCompletenessVMeasure(truth, refined);
    expect(v.homogeneity).toBeCloseTo(1, 15);
    expect(v.completeness).toBeCloseTo(2 / 3, 15);
    expect(v.vMeasure).toBeCloseTo(0.8, 15);
    expect(homogeneityCompletenessVMeasure([], [])).toEqual({
      homogeneity: 1,
      completeness: 1,
      vMeasure: 1,
    });
    // single cluster in both: zero entropies -> 1, 1, 1
    expect(homogeneityCompletenessVMeasure([0, 0], [5, 5]).vMeasure).toBe(1);
  });

  it("computes AMI with the hypergeometric expectation", () => {
    // [0,0,1,1] vs [0,1,0,1]: MI = 0. Each (row of 2, column of 2) overlap n among N = 4 is
    // hypergeometric: P(0) = 1/6, P(1) = 4/6, P(2) = 1/6. Term n/N·ln(N·n/(a·b)):
    // n=1 -> ¼·ln1 = 0, n=2 -> ½·ln2. EMI = 4 pairs · (1/6)·(½ln2) = ln2/3.
    // AMI = (0 − ln2/3) / (ln2 − ln2/3) = −1/2
    expect(adjustedMutualInfo([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 14);
    expect(adjustedMutualInfo([0, 0, 1, 1], [1, 1, 0, 0])).toBeCloseTo(1, 14);
  });

  it("keeps NMI in [0, 1], V-measure = arithmetic NMI, AMI(x, x) = 1 (property)", () => {
    const labeling = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 80 });
    fc.assert(
      fc.property(labeling, labeling, (x, y) => {
        const n = Math.min(x.length, y.length);
        const a = x.slice(0, n);
        const b = y.slice(0, n);
        const nmi = normalizedMutualInfo(a, b);
        expect(nmi).toBeGreaterThanOrEqual(0);
        expect(nmi).toBeLessThanOrEqual(1 + 1e-12);
        expect(normalizedMutualInfo(a, b)).toBeCloseTo(normalizedMutualInfo(b, a), 12);
        const table = contingency(a, b);
        if (table.rowSums.length > 1 || table.colSums.length > 1) {
          expect(homogeneityCompletenessVMeasure(a, b).vMeasure).toBeCloseTo(nmi, 12);
        }
        expect(adjustedMutualInfo(a, a)).toBeCloseTo(1, 12);
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe("single-score helpers", () => {
  it("return the fields of homogeneityCompletenessVMeasure", () => {
    // [0,0,1,1] vs [0,0,1,2]: h = 1, c = 2/3, V = 0.8 (derived above); β = 2 weighs
    // completeness: V₂ = 3·1·(2/3)/(2·1 + 2/3) = 2/(8/3) = 3/4
    expect(homogeneity([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(1, 15);
    expect(completeness([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(2 / 3, 15);
    expect(vMeasure([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 15);
    expect(vMeasure([0, 0, 1, 1], [0, 0, 1, 2], 2)).toBeCloseTo(0.75, 15);
  });
});
