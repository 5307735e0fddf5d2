// Run with: npx vitest run --config experiments/glove/vitest.config.ts
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/random.js";
import { fitPca, project, symmetricEigen } from "./pca.js";

describe("symmetricEigen", () => {
  it("diagonalises a symmetric matrix: A v = lambda v for every pair", () => {
    const m = [
      Float64Array.from([4, 1, 2]),
      Float64Array.from([1, 3, 0.5]),
      Float64Array.from([2, 0.5, 5]),
    ];
    const { values, vectors } = symmetricEigen(m);
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(12, 10); // trace
    for (let c = 0; c < 3; c++)
      for (let r = 0; r < 3; r++) {
        let av = 0;
        for (let k = 0; k < 3; k++) av += (m[r]?.[k] ?? 0) * (vectors[k]?.[c] ?? 0);
        expect(av).toBeCloseTo((values[c] ?? 0) * (vectors[r]?.[c] ?? 0), 10);
      }
  });
});

describe("fitPca", () => {
  // 3-d points with variance 9 along (1,1,0)/√2, 1 along z, ~0 along (1,-1,0)/√2
  const rng = createRng(5);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const rows = Array.from({ length: 4000 }, () => {
    const a = 3 * gauss();
    const z = gauss();
    const e = 0.01 * gauss();
    return [10 + (a + e) / Math.SQRT2, -2 + (a - e) / Math.SQRT2, 1 + z];
  });

  it("finds the directions of largest variance, in order, and centres on the mean", () => {
    const pca = fitPca(rows, 3, 2);
    expect(pca.mean[0]).toBeCloseTo(10, 0);
    expect(pca.mean[1]).toBeCloseTo(-2, 0);
    expect(pca.variances[0]).toBeGreaterThan(8);
    expect(pca.variances[0]).toBeLessThan(10);
    expect(pca.variances[1]).toBeGreaterThan(0.9);
    expect(pca.variances[1]).toBeLessThan(1.1);
    const first = pca.components[0] as Float64Array;
    expect(Math.abs(first[0] as number)).toBeCloseTo(Math.SQRT1_2, 2);
    expect(first[0] as number).toBeCloseTo(first[1] as number, 2);
    expect(Math.abs(pca.components[1]?.[2] as number)).toBeCloseTo(1, 2);
    expect(pca.explained).toBeGreaterThan(0.999);
  });

  it("projects onto the components: the mean goes to 0, coordinates keep the variance", () => {
    const pca = fitPca(rows, 3, 2);
    expect([...project(pca, pca.mean)]).toEqual([0, 0]);
    const firsts = rows.map((r) => project(pca, r)[0] as number);
    const variance = firsts.reduce((s, x) => s + x * x, 0) / (firsts.length - 1);
    expect(variance).toBeCloseTo(pca.variances[0] as number, 6);
  });

  it("rejects a k outside 1..dim and fewer than 2 rows", () => {
    expect(() => fitPca(rows, 3, 4)).toThrow(RangeError);
    expect(() => fitPca(rows.slice(0, 1), 3, 1)).toThrow(RangeError);
  });
});
