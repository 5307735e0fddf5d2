import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { createRandom } from "../shared/random.js";
import { kMeans } from "./k-means.js";
import { adjustedRandIndex } from "./rand-index.js";

/** Three tight, far-apart blobs of 20 points in 4-D, generated from a seed. */
function blobs() {
  const random = createRandom(42);
  const centers = [
    [0, 0, 0, 0],
    [10, 10, 0, 0],
    [0, 10, 10, 10],
  ];
  const rows: Float32Array[] = [];
  const truth: number[] = [];
  centers.forEach((center, c) => {
    for (let i = 0; i < 20; i++) {
      rows.push(Float32Array.from(center, (v) => v + random.next() - 0.5));
      truth.push(c);
    }
  });
  return { rows, truth };
}

describe("kMeans", () => {
  it("finds the hand-computable optimum on 1-D points", () => {
    // {0, 1} and {10, 11}: centroids 0.5 and 10.5, inertia 4 · 0.5² = 1
    const result = kMeans([[0], [1], [10], [11]], 2, { seed: 3 });
    expect(result.inertia).toBeCloseTo(1, 15);
    expect(result.labels[0]).toBe(result.labels[1]);
    expect(result.labels[2]).toBe(result.labels[3]);
    expect(result.labels[0]).not.toBe(result.labels[2]);
    expect(Array.from(result.centroids).sort((a, b) => a - b)).toEqual([0.5, 10.5]);
    expect(result.converged).toBe(true);
  });

  it("recovers well-separated blobs and is deterministic for a seed", () => {
    const { rows, truth } = blobs();
    const a = kMeans(rows, 3, { seed: 7 });
    expect(adjustedRandIndex(truth, a.labels)).toBe(1);
    const b = kMeans(rows, 3, { seed: 7 });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.inertia).toBe(a.inertia);
    // more restarts never give a worse inertia than the first run of the same seed
    expect(kMeans(rows, 3, { seed: 7, nInit: 4 }).inertia).toBeLessThanOrEqual(a.inertia + 1e-9);
  });

  it("puts every point in its own cluster when k equals n", () => {
    const result = kMeans([[0], [5], [9]], 3, { seed: 1 });
    expect(new Set(result.labels).size).toBe(3);
    expect(result.inertia).toBe(0);
  });

  it("refuses k out of range, NaN and bad options", () => {
    expectMetricsError(() => kMeans([[0], [1]], 3), "K_OUT_OF_RANGE", "k");
    expectMetricsError(() => kMeans([[0], [1]], 0), "K_OUT_OF_RANGE", "k");
    expectMetricsError(() => kMeans([[0], [Number.NaN]], 1), "NON_FINITE_VALUE", "embeddings");
    expectMetricsError(
      () => kMeans([[0], [1]], 1, { seed: 0.5 }),
      "INVALID_OPTION",
      "options.seed",
    );
    expectMetricsError(
      () => kMeans([[0], [1]], 1, { maxIterations: 0 }),
      "INVALID_OPTION",
      "options.maxIterations",
    );
  });
});
