import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { createRandom } from "../shared/random.js";
import { retrievalMetrics } from "./retrieval-metrics.js";

describe("retrievalMetrics", () => {
  // 1-D points: p0=0 A, p1=1 A, p2=3 B, p3=4 B, p4=2.5 A, p5=100 C (lone)
  // R = 2 for A queries, 1 for B queries; C has no other member and is skipped.
  // q0: p1 (1, A), p4 (2.5, A)          -> P@1 1, RP 1,   AP 1
  // q1: p0 (1, A), p4 (1.5, A)          -> 1, 1, 1
  // q2: p4 (0.5, A)                      -> 0, 0, 0
  // q3: p2 (1, B)                        -> 1, 1, 1
  // q4: p2 (0.5, B), then p1 and p3 tie at 1.5 -> index order picks p1 (A)
  //     ranks [B, A]                     -> P@1 0, RP 1/2, AP = (0 + 1/2)/2 = 1/4
  const points = [[0], [1], [3], [4], [2.5], [100]].map((p) => Float32Array.from(p));
  const labels = ["A", "A", "B", "B", "A", "C"];

  it("matches hand-computed P@1, R-precision and MAP@R", () => {
    const r = retrievalMetrics(points, labels);
    expect(r.precisionAt1).toBeCloseTo(3 / 5, 15); // (1+1+0+1+0)/5
    expect(r.rPrecision).toBeCloseTo(3.5 / 5, 15); // (1+1+0+1+0.5)/5
    expect(r.meanAveragePrecisionAtR).toBeCloseTo(3.25 / 5, 15); // (1+1+0+1+0.25)/5
    expect(r.queries).toBe(5);
    expect(r.loneQueries).toBe(1);
  });

  it("averages per class first with averagePerClass", () => {
    // A: q0, q1, q4 -> P@1 (1+1+0)/3 = 2/3; B: q2, q3 -> 1/2; mean = 7/12
    const r = retrievalMetrics(points, labels, { averagePerClass: true });
    expect(r.precisionAt1).toBeCloseTo(7 / 12, 15);
  });

  it("never retrieves the query itself, even among duplicates", () => {
    // two identical points of different labels: the query's nearest other point is the twin
    const r = retrievalMetrics([[0], [0], [5], [5]], [0, 1, 0, 1]);
    expect(r.precisionAt1).toBe(0);
  });

  it("returns zeros when every query is lone", () => {
    expect(retrievalMetrics([[0], [1]], ["a", "b"])).toEqual({
      precisionAt1: 0,
      rPrecision: 0,
      meanAveragePrecisionAtR: 0,
      queries: 0,
      loneQueries: 2,
    });
  });

  it("ranks by cosine like euclidean on unit vectors (property)", () => {
    // Continuous random vectors from a seed, so that distance ties (whose order could flip
    // with rounding) have probability zero.
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 4, max: 15 }),
        (seed, n) => {
          const random = createRandom(seed);
          const rows = Array.from({ length: n }, () => [
            random.next() - 0.5,
            random.next() - 0.5,
            random.next(),
          ]);
          const labels = rows.map((_, i) => i % 3);
          const unit = rows.map((r) => r.map((v) => v / Math.hypot(...r)));
          const cosine = retrievalMetrics(rows, labels, { metric: "cosine" });
          const euclidean = retrievalMetrics(unit, labels);
          expect(cosine.meanAveragePrecisionAtR).toBeCloseTo(euclidean.meanAveragePrecisionAtR, 12);
          expect(cosine.precisionAt1).toBe(euclidean.precisionAt1);
        },
      ),
      { seed: 2, numRuns: 100 },
    );
  });

  it("refuses NaN embeddings and mismatched labels", () => {
    expectMetricsError(
      () => retrievalMetrics([[Number.NaN]], [0]),
      "NON_FINITE_VALUE",
      "embeddings",
    );
    expectMetricsError(() => retrievalMetrics([[0], [1]], [0]), "LENGTH_MISMATCH", "labels");
    expectMetricsError(() => retrievalMetrics([[0], [1]], [0, "a"]), "MIXED_LABEL_TYPES", "labels");
  });
});

describe("retrievalMetrics with maxQueries", () => {
  it("scores a seeded subset of queries against all references", () => {
    const random = createRandom(5);
    const rows = Array.from({ length: 60 }, (_, i) => [i % 3, random.next()]);
    const labels = rows.map((_, i) => i % 3);
    const full = retrievalMetrics(rows, labels);
    const subset = retrievalMetrics(rows, labels, { maxQueries: 20, seed: 1 });
    expect(subset.queries + subset.loneQueries).toBe(20);
    expect(retrievalMetrics(rows, labels, { maxQueries: 20, seed: 1 })).toEqual(subset);
    // the label is the first coordinate: every query's same-label points are nearest
    expect(full.meanAveragePrecisionAtR).toBe(1);
    expect(subset.meanAveragePrecisionAtR).toBe(1);
    expect(retrievalMetrics(rows, labels, { maxQueries: 600 })).toEqual(full);
    expectMetricsError(
      () => retrievalMetrics(rows, labels, { maxQueries: 0 }),
      "INVALID_OPTION",
      "options.maxQueries",
    );
  });
});
