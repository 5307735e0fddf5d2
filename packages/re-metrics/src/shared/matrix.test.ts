import { describe, expect, it } from "vitest";
import { expectMetricsError } from "./expect-metrics-error.js";
import { forEachDistanceTile, normalizeRows, toDenseMatrix } from "./matrix.js";
import { createRandom } from "./random.js";

describe("forEachDistanceTile", () => {
  it("visits every pair i < j exactly once with the right distance", () => {
    // 131 rows: two full 64-row tiles plus a 3-row remainder, and j runs of 4 plus tails
    const random = createRandom(1);
    const n = 131;
    const dim = 5;
    const data = Float64Array.from({ length: n * dim }, () => random.next() - 0.5);
    const matrix = { data, rows: n, dim };
    for (const metric of ["euclidean", "cosine"] as const) {
      const prepared = metric === "cosine" ? normalizeRows(matrix) : matrix;
      const seen = new Map<number, number>();
      forEachDistanceTile(prepared, metric, (i0, i1, j0, j1, tile) => {
        for (let i = i0; i < i1; i++) {
          for (let j = Math.max(j0, i + 1); j < j1; j++) {
            const key = i * n + j;
            expect(seen.has(key)).toBe(false);
            seen.set(key, tile[(i - i0) * 64 + (j - j0)]!);
          }
        }
      });
      expect(seen.size).toBe((n * (n - 1)) / 2);
      for (const [key, distance] of seen) {
        const i = Math.floor(key / n);
        const j = key % n;
        let expected = 0;
        if (metric === "euclidean") {
          for (let c = 0; c < dim; c++) expected += (data[i * dim + c]! - data[j * dim + c]!) ** 2;
          expected = Math.sqrt(expected);
        } else {
          let dot = 0;
          let ni = 0;
          let nj = 0;
          for (let c = 0; c < dim; c++) {
            dot += data[i * dim + c]! * data[j * dim + c]!;
            ni += data[i * dim + c]! ** 2;
            nj += data[j * dim + c]! ** 2;
          }
          expected = 1 - dot / Math.sqrt(ni * nj);
        }
        expect(distance).toBeCloseTo(expected, 12);
      }
    }
  });
});

describe("toDenseMatrix", () => {
  it("copies rows and flat arrays into float64", () => {
    expect(toDenseMatrix([Float32Array.from([0.5, 1]), [2, 3]])).toEqual({
      data: Float64Array.from([0.5, 1, 2, 3]),
      rows: 2,
      dim: 2,
    });
    expect(toDenseMatrix({ data: Float32Array.from([1, 2, 3]), dim: 3 }).rows).toBe(1);
    expect(toDenseMatrix([]).rows).toBe(0);
  });

  it("names the row of a non-finite value and refuses a bad dim", () => {
    const error = expectMetricsError(
      () =>
        toDenseMatrix([
          [0, 0],
          [0, Number.POSITIVE_INFINITY],
        ]),
      "NON_FINITE_VALUE",
      "embeddings",
    );
    expect(error.index).toBe(1);
    expect(error.message).toContain("row 1, column 1");
    expectMetricsError(
      () => toDenseMatrix({ data: new Float32Array(4), dim: 0 }),
      "INVALID_SHAPE",
      "embeddings.dim",
    );
  });

  it("leaves zero rows at zero when normalizing", () => {
    const m = normalizeRows(
      toDenseMatrix([
        [3, 4],
        [0, 0],
      ]),
    );
    expect(Array.from(m.data)).toEqual([0.6, 0.8, 0, 0]);
  });
});
