import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { hungarian, mapClustersToLabels } from "./hungarian.js";

/** Minimum total over every injective row -> column assignment, by enumeration. */
function bruteForce(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0]!.length;
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(cols).fill(false);
  const recurse = (r: number, total: number, assigned: number) => {
    if (r === rows) {
      if (assigned === Math.min(rows, cols)) best = Math.min(best, total);
      return;
    }
    // a row may stay unassigned only when rows outnumber columns
    if (rows > cols) recurse(r + 1, total, assigned);
    for (let c = 0; c < cols; c++) {
      if (used[c]) continue;
      used[c] = true;
      recurse(r + 1, total + cost[r]![c]!, assigned + 1);
      used[c] = false;
    }
  };
  recurse(0, 0, 0);
  return best;
}

describe("hungarian", () => {
  it("finds the hand-checked optimum of a 3×3 matrix", () => {
    // The six permutations cost 6, 5, 9, 7, 6, 11; the best is r0→c1, r1→c0, r2→c2 = 1+2+2
    const cost = [
      [4, 1, 3],
      [2, 0, 5],
      [3, 2, 2],
    ];
    const result = hungarian(cost);
    expect(Array.from(result.rowToColumn)).toEqual([1, 0, 2]);
    expect(result.total).toBe(5);
    // maximize: r0→c0, r1→c2, r2→c1 = 4+5+2 = 11
    expect(hungarian(cost, { maximize: true }).total).toBe(11);
  });

  it("handles rectangular matrices in both orientations", () => {
    // 2×3: r0→c1 (1) + r1→c0 (2) = 3; transposed 3×2 leaves one row unassigned
    expect(
      hungarian([
        [4, 1, 3],
        [2, 0, 5],
      ]).total,
    ).toBe(3);
    const tall = hungarian([
      [4, 2],
      [1, 0],
      [3, 5],
    ]);
    // best: r0→c0 (4)+r1→c1 (0) = 4; r1→c0 (1)+r0→c1 (2) = 3; r2→c0 (3)+r1→c1 (0) = 3 ...
    expect(tall.total).toBe(3);
    expect(Array.from(tall.rowToColumn).filter((c) => c === -1)).toHaveLength(1);
    expect(hungarian([]).total).toBe(0);
  });

  it("agrees with brute force on random matrices (property)", () => {
    const matrix = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
      .chain(([r, c]) =>
        fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: c, maxLength: c }), {
          minLength: r,
          maxLength: r,
        }),
      );
    fc.assert(
      fc.property(matrix, (cost) => {
        expect(hungarian(cost).total).toBe(bruteForce(cost));
      }),
      { seed: 9, numRuns: 200 },
    );
  });

  it("refuses ragged and non-finite matrices", () => {
    expectMetricsError(() => hungarian([[1, 2], [3]]), "INVALID_SHAPE", "cost");
    expectMetricsError(
      () => hungarian([[1, Number.POSITIVE_INFINITY]]),
      "NON_FINITE_VALUE",
      "cost",
    );
  });
});

describe("mapClustersToLabels (transductive)", () => {
  it("maps clusters one-to-one to the labels they overlap most", () => {
    // cluster 1 holds a,a; cluster 0 holds b,b,c -> 1→a, 0→b; 4 of 5 correct
    const result = mapClustersToLabels(["a", "a", "b", "b", "c"], [1, 1, 0, 0, 0]);
    expect(result.mapping.get(1)).toBe("a");
    expect(result.mapping.get(0)).toBe("b");
    expect(result.mapped).toEqual(["a", "a", "b", "b", "b"]);
    expect(result.accuracy).toBeCloseTo(0.8, 15);
  });

  it("leaves extra clusters unmapped", () => {
    // three clusters, two labels: the smallest cluster (2) gets no label
    const result = mapClustersToLabels(["x", "x", "y", "y", "y"], [0, 0, 1, 1, 2]);
    expect(result.mapping.get(2)).toBeNull();
    expect(result.accuracy).toBeCloseTo(4 / 5, 15);
  });
});
