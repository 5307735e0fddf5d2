import { describe, expect, it } from "vitest";
import { deviance, logHypergeometric, stirlingError } from "./hypergeometric.js";

/** Exact hypergeometric probability C(a,x)·C(n−a,b−x)/C(n,b) with BigInt binomials. */
function exact(x: number, a: number, b: number, n: number): number {
  const choose = (m: number, k: number): bigint => {
    if (k < 0 || k > m) return 0n;
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(m - k + i)) / BigInt(i);
    return r;
  };
  // scale to keep 17+ significant digits through the division
  const scale = 10n ** 30n;
  const ratio = (choose(a, x) * choose(n - a, b - x) * scale) / choose(n, b);
  return Number(ratio) / 1e30;
}

describe("logHypergeometric", () => {
  it("matches exact binomial-coefficient ratios", () => {
    for (const [x, a, b, n] of [
      [1, 2, 2, 4], // C(2,1)·C(2,1)/C(4,2) = 4/6
      [0, 2, 2, 4],
      [2, 2, 2, 4],
      [3, 10, 7, 30],
      [0, 5, 25, 30],
      [5, 5, 25, 30],
      [40, 100, 150, 400],
      [120, 1000, 400, 3000],
    ] as const) {
      const p = exact(x, a, b, n);
      expect(Math.abs(Math.exp(logHypergeometric(x, a, b, n)) - p)).toBeLessThan(1e-13 * p);
    }
    expect(Math.exp(logHypergeometric(1, 2, 2, 4))).toBeCloseTo(4 / 6, 15);
  });

  it("sums to 1 over the support for a million items", () => {
    // a = 300,000 and b = 200,000 among 10^6: the mass sits within a few thousand of 60,000
    let total = 0;
    for (let x = 55_000; x <= 65_000; x++)
      total += Math.exp(logHypergeometric(x, 300_000, 200_000, 1_000_000));
    expect(Math.abs(total - 1)).toBeLessThan(1e-12);
  });

  it("has the building blocks' defining identities", () => {
    // stirlingError(n) = ln n! − (n+½)ln n + n − ½ln 2π; at n=1: 0 − 0 + 1 − ½ln 2π
    expect(stirlingError(1)).toBeCloseTo(1 - 0.5 * Math.log(2 * Math.PI), 15);
    // the series branch (n > 15) agrees with the definition evaluated from exact 16!, 20!, 30!
    for (const n of [16, 20, 30]) {
      let factorial = 1;
      for (let k = 2; k <= n; k++) factorial *= k;
      const definition =
        Math.log(factorial) - (n + 0.5) * Math.log(n) + n - 0.5 * Math.log(2 * Math.PI);
      expect(stirlingError(n)).toBeCloseTo(definition, 13);
    }
    // deviance(x, m) = x·ln(x/m) + m − x
    expect(deviance(3, 2)).toBeCloseTo(3 * Math.log(1.5) - 1, 15);
    expect(deviance(100, 100)).toBe(0);
    expect(deviance(101, 100)).toBeCloseTo(101 * Math.log(1.01) - 1, 13);
  });
});
