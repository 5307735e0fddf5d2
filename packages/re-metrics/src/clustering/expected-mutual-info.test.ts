import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contingency } from "./contingency.js";
import { expectedMutualInfo } from "./expected-mutual-info.js";
import { expectedMutualInfoNaive } from "./expected-mutual-info-naive.js";
import { logFactorial } from "./log-factorial.js";
import { mutualInfo } from "./mutual-info.js";

/** Every permutation of `items` (Heap's algorithm). */
function* permutations<T>(items: T[]): Generator<T[]> {
  const a = [...items];
  const c = new Array<number>(a.length).fill(0);
  yield [...a];
  let i = 0;
  while (i < a.length) {
    if (c[i]! < i) {
      const j = i % 2 === 0 ? 0 : c[i]!;
      [a[j], a[i]] = [a[i]!, a[j]!];
      yield [...a];
      c[i]!++;
      i = 0;
    } else {
      c[i] = 0;
      i++;
    }
  }
}

describe("expectedMutualInfo", () => {
  it("equals the definition: MI averaged over every permutation of one labeling", () => {
    // E[MI] under the permutation model with fixed marginals, enumerated exactly.
    const cases: [number[], number[]][] = [
      [
        [0, 0, 1, 1],
        [0, 1, 0, 1],
      ],
      [
        [0, 0, 0, 1, 1, 2],
        [0, 1, 1, 1, 2, 2],
      ],
      [
        [0, 0, 0, 0, 1, 1, 2],
        [5, 5, 6, 6, 6, 7, 8],
      ],
    ];
    for (const [truth, pred] of cases) {
      let total = 0;
      let count = 0;
      for (const permuted of permutations(pred)) {
        total += mutualInfo(truth, permuted);
        count++;
      }
      const table = contingency(truth, pred);
      expect(expectedMutualInfo(table.rowSums, table.colSums, table.n)).toBeCloseTo(
        total / count,
        13,
      );
    }
  });

  it("agrees with sklearn's triple loop on random marginals (property)", () => {
    const sizes = fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        sizes,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        (rows, k, salt) => {
          const n = rows.reduce((a, b) => a + b, 0);
          // Split n into k column sizes deterministically from `salt`.
          const cols = new Array<number>(k).fill(0);
          for (let i = 0; i < n; i++) cols[(i * 7 + salt + ((i * i) % 5)) % k]!++;
          const colSums = Float64Array.from(cols.filter((c) => c > 0));
          const rowSums = Float64Array.from(rows);
          const fast = expectedMutualInfo(rowSums, colSums, n);
          const naive = expectedMutualInfoNaive(rowSums, colSums, n);
          expect(Math.abs(fast - naive)).toBeLessThan(1e-12 * Math.max(1, naive));
        },
      ),
      { seed: 3, numRuns: 150 },
    );
  });

  it("stays accurate at n = 10^5 where terms span hundreds of orders of magnitude", () => {
    const rowSums = Float64Array.from([30_000, 50_000, 20_000]);
    const colSums = Float64Array.from([60_000, 39_999, 1]);
    const fast = expectedMutualInfo(rowSums, colSums, 100_000);
    const naive = expectedMutualInfoNaive(rowSums, colSums, 100_000);
    expect(Math.abs(fast - naive)).toBeLessThan(1e-9 * naive);
  });
});

/**
 * E[MI] from exact hypergeometric probabilities: every binomial coefficient is a BigInt and
 * each P(n) = C(a,n)·C(N−a,b−n)/C(N,b) is rounded once, to 1e-40, before the double-precision
 * log terms are applied.
 */
function exactExpectedMutualInfo(rows: number[], cols: number[], N: number): number {
  const SCALE = 10n ** 40n;
  const choose = (m: number, k: number): bigint => {
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(m - k + i)) / BigInt(i);
    return r;
  };
  let emi = 0;
  for (const a of rows) {
    for (const b of cols) {
      const lo = Math.max(0, a + b - N);
      const hi = Math.min(a, b);
      const total = choose(N, b);
      let left = choose(a, lo); // C(a, n)
      let right = choose(N - a, b - lo); // C(N−a, b−n)
      for (let n = lo; n <= hi; n++) {
        if (n > 0) {
          const p = Number((left * right * SCALE) / total) / 1e40;
          emi += (n / N) * Math.log((N * n) / (a * b)) * p;
        }
        if (n < hi) {
          left = (left * BigInt(a - n)) / BigInt(n + 1);
          right = (right * BigInt(b - n)) / BigInt(N - a - b + n + 1);
        }
      }
    }
  }
  return emi;
}

describe("expectedMutualInfo accuracy", () => {
  it("matches exact rational arithmetic to 1e-11 (the terms cancel, so doubles lose ~3 digits)", () => {
    const rows = [1000, 1500, 500];
    const cols = [1800, 1199, 1];
    const exact = exactExpectedMutualInfo(rows, cols, 3000);
    const fast = expectedMutualInfo(Float64Array.from(rows), Float64Array.from(cols), 3000);
    expect(Math.abs(fast - exact)).toBeLessThan(1e-11 * exact);
  });
});

describe("logFactorial", () => {
  it("matches exact sums of logs for small n and the Stirling series joins smoothly", () => {
    let exact = 0;
    for (let n = 1; n <= 200; n++) {
      exact += Math.log(n);
      expect(Math.abs(logFactorial(n) - exact)).toBeLessThan(1e-12 * Math.max(1, exact));
    }
    expect(logFactorial(0)).toBe(0);
    // ln(33!) − ln(32!) = ln 33 across the table/series boundary
    expect(logFactorial(33) - logFactorial(32)).toBeCloseTo(Math.log(33), 12);
  });
});
