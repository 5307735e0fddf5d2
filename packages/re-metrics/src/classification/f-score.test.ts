import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { checkZeroDivision, f1FromPrecisionRecall, scoresFromCounts } from "./f-score.js";

describe("f1FromPrecisionRecall", () => {
  it("is the harmonic mean, and 0 when precision and recall are 0", () => {
    // 2·0.5·1 / (0.5 + 1) = 1 / 1.5 = 2/3
    expect(f1FromPrecisionRecall(0.5, 1)).toBeCloseTo(2 / 3, 12);
    expect(f1FromPrecisionRecall(0, 0)).toBe(0);
  });
});

describe("scoresFromCounts", () => {
  it("computes P = tp/(tp+fp), R = tp/(tp+fn), F1 = 2tp/(2tp+fp+fn)", () => {
    // tp=3, fp=1, fn=2: P = 3/4, R = 3/5, F1 = 6/(6+1+2) = 2/3
    const s = scoresFromCounts(3, 1, 2);
    expect(s.precision).toBe(0.75);
    expect(s.recall).toBe(0.6);
    expect(s.f1).toBeCloseTo(2 / 3, 15);
  });

  it("uses zeroDivision only for the ratio that is undefined", () => {
    // nothing predicted, 4 gold: P = 0/0 -> zeroDivision, R = 0/4 = 0, F = 0/(0+0+4) = 0
    expect(scoresFromCounts(0, 0, 4, 1)).toEqual({ precision: 1, recall: 0, f1: 0 });
    // nothing at all: every ratio is 0/0
    const nan = scoresFromCounts(0, 0, 0, Number.NaN);
    expect(Number.isNaN(nan.precision) && Number.isNaN(nan.recall) && Number.isNaN(nan.f1)).toBe(
      true,
    );
  });

  it("weighs recall by beta", () => {
    // tp=1, fp=1, fn=0, beta=2: F2 = 5·1 / (5·1 + 4·0 + 1) = 5/6
    expect(scoresFromCounts(1, 1, 0, 0, 2).f1).toBeCloseTo(5 / 6, 15);
  });

  it("refuses a zeroDivision other than 0, 1 or NaN", () => {
    expectMetricsError(() => checkZeroDivision(0.5), "INVALID_OPTION", "options.zeroDivision");
    expect(checkZeroDivision(1)).toBe(1);
  });
});
