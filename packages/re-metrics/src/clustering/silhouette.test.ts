import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { silhouetteSamples, silhouetteScore } from "./silhouette.js";

describe("silhouetteScore", () => {
  it("matches the hand-computed euclidean coefficients", () => {
    // 1-D points: cluster A = {0, 1}, cluster B = {4, 6}
    // 0: a = 1, b = (4+6)/2 = 5     -> (5−1)/5 = 4/5
    // 1: a = 1, b = (3+5)/2 = 4     -> (4−1)/4 = 3/4
    // 4: a = 2, b = (4+3)/2 = 7/2   -> (7/2−2)/(7/2) = 3/7
    // 6: a = 2, b = (6+5)/2 = 11/2  -> (11/2−2)/(11/2) = 7/11
    const points = [[0], [1], [4], [6]].map((p) => Float32Array.from(p));
    const labels = ["A", "A", "B", "B"];
    const samples = silhouetteSamples(points, labels);
    const expected = [4 / 5, 3 / 4, 3 / 7, 7 / 11];
    for (const [i, e] of expected.entries()) expect(samples[i]).toBeCloseTo(e, 15);
    expect(silhouetteScore(points, labels)).toBeCloseTo(expected.reduce((a, b) => a + b) / 4, 15);
    // the flat Float32Array form gives the same result
    expect(silhouetteScore({ data: Float32Array.from([0, 1, 4, 6]), dim: 1 }, labels)).toBeCloseTo(
      expected.reduce((a, b) => a + b) / 4,
      15,
    );
  });

  it("matches the hand-computed cosine coefficients (scale-invariant)", () => {
    // x1 = (2,0) ~ (1,0), x2 = (1,1), x3 = (0,1), x4 = (−1,0); r = 1/√2
    // d12 = 1−r, d13 = 1, d14 = 2, d23 = 1−r, d24 = 1+r, d34 = 1
    // x1 (A): a = 1−r, b = (1+2)/2 = 3/2 -> (3/2 − (1−r)) / (3/2)
    // x2 (A): a = 1−r, b = ((1−r)+(1+r))/2 = 1 -> r
    // x3 (B): a = 1, b = (1 + 1−r)/2 = 1 − r/2 -> −r/2
    // x4 (B): a = 1, b = (2 + 1+r)/2 = (3+r)/2 -> (1+r)/(3+r)
    const r = Math.SQRT1_2;
    const rows = [
      [2, 0],
      [1, 1],
      [0, 1],
      [-1, 0],
    ].map((p) => Float32Array.from(p));
    const samples = silhouetteSamples(rows, [0, 0, 1, 1], { metric: "cosine" });
    const expected = [(1.5 - (1 - r)) / 1.5, r, -r / 2, (1 + r) / (3 + r)];
    // Float32 storage of (1,1) is exact, so only float64 rounding remains.
    for (const [i, e] of expected.entries()) expect(samples[i]).toBeCloseTo(e, 14);
  });

  it("gives 0 to points alone in their cluster", () => {
    // {0, 1} and {10}: the singleton scores 0; 0: a=1, b=10 -> 9/10; 1: a=1, b=9 -> 8/9
    const samples = silhouetteSamples([[0], [1], [10]], [0, 0, 1]);
    expect(Array.from(samples)).toEqual([0.9, 8 / 9, 0]);
  });

  it("scores a seeded subset when sampleSize is given", () => {
    const rows = Array.from({ length: 30 }, (_, i) => [i % 3 === 0 ? i : i + 100]);
    const labels = rows.map((_, i) => (i % 3 === 0 ? 0 : 1));
    const a = silhouetteScore(rows, labels, { sampleSize: 12, seed: 4 });
    expect(silhouetteScore(rows, labels, { sampleSize: 12, seed: 4 })).toBe(a);
    expect(silhouetteScore(rows, labels, { sampleSize: 30, seed: 4 })).toBeCloseTo(
      silhouetteScore(rows, labels),
      12,
    );
  });

  it("refuses one cluster, all singletons, NaN, ragged rows and mismatched labels", () => {
    expectMetricsError(() => silhouetteScore([[0], [1]], [0, 0]), "TOO_FEW_LABELS", "labels");
    expectMetricsError(
      () => silhouetteScore([[0], [1], [2]], [0, 1, 2]),
      "TOO_FEW_LABELS",
      "labels",
    );
    const nan = expectMetricsError(
      () => silhouetteScore({ data: Float32Array.from([0, 1, Number.NaN, 3]), dim: 2 }, [0, 1]),
      "NON_FINITE_VALUE",
      "embeddings",
    );
    expect(nan.index).toBe(1);
    expectMetricsError(() => silhouetteScore([[0, 1], [1]], [0, 1]), "INVALID_SHAPE", "embeddings");
    expectMetricsError(() => silhouetteScore([[0], [1], [2]], [0, 1]), "LENGTH_MISMATCH", "labels");
    expectMetricsError(
      () => silhouetteScore({ data: new Float32Array(5), dim: 2 }, [0, 1]),
      "INVALID_SHAPE",
      "embeddings.data",
    );
    expectMetricsError(
      () => silhouetteScore([[0], [1], [3]], [0, 1, 1], { metric: "manhattan" as never }),
      "INVALID_OPTION",
      "options.metric",
    );
  });
});

describe("progress reporting", () => {
  it("reports pairs done up to n(n−1)/2", () => {
    const rows = Array.from({ length: 150 }, (_, i) => [i, i % 7]);
    const labels = rows.map((_, i) => i % 3);
    const seen: [number, number][] = [];
    silhouetteScore(rows, labels, { onProgress: (done, total) => seen.push([done, total]) });
    // 150 rows in tiles of 64 -> 3 reports, the last one complete: 150·149/2 = 11175
    expect(seen).toHaveLength(3);
    expect(seen.at(-1)).toEqual([11175, 11175]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
  });
});
