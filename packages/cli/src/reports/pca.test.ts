import { describe, expect, it } from "vitest";
import { pca2 } from "./pca.js";

describe("pca2", () => {
  it("finds the axis of largest spread and reports explained variance", () => {
    // Points on a line along (1, 1, 0), each twice with an offset of ±0.1 along (0, 0, 1).
    const vectors = Array.from({ length: 20 }, (_, i) => {
      const t = Math.floor(i / 2) - 4.5;
      return [t, t, i % 2 ? 0.1 : -0.1];
    });
    const { coords, explainedVariance } = pca2(vectors);
    expect(explainedVariance[0]).toBeGreaterThan(0.99);
    expect(explainedVariance[0] + explainedVariance[1]).toBeCloseTo(1, 6);
    // First coordinate is the position along the line, scaled by sqrt(2).
    expect(Math.abs(coords[0]![0])).toBeCloseTo(4.5 * Math.SQRT2, 6);
    expect(Math.abs(coords[0]![1])).toBeCloseTo(0.1, 6);
  });

  it("is deterministic and handles empty input", () => {
    const v = [
      [1, 2, 3],
      [3, 1, 2],
      [2, 3, 1],
      [0, 0, 1],
    ];
    expect(pca2(v)).toEqual(pca2(v));
    expect(pca2([])).toEqual({ coords: [], explainedVariance: [0, 0] });
  });
});
