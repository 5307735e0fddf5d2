// Brute-force float64 references written with plain loops, the pytorch-metric-learning way.
import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";

export type Kind = "cos" | "l2" | "l2sq" | "dot";

/** Seeded normal samples (Box-Muller over mulberry32). */
export function randomEmbeddings(seed: number, n: number, d: number): number[][] {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return Array.from({ length: n }, () =>
    Array.from({ length: d }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())),
  );
}

/** Seeded integer labels in [0, classes). */
export function randomLabels(seed: number, n: number, classes: number): number[] {
  let s = seed * 7919 + 13;
  return Array.from({ length: n }, () => {
    s = (s * 48271) % 2147483647;
    return s % classes;
  });
}

/** Unit 2-D vectors at the given angles in degrees. */
export function atAngles(degrees: number[]): number[][] {
  return degrees.map((deg) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)]);
}

function normalize(v: number[]): number[] {
  let s = 0;
  for (const x of v) s += x * x;
  const n = Math.max(Math.sqrt(s), 1e-12);
  return v.map((x) => x / n);
}

/** The [N, M] matrix of a distance, in float64 with loops. */
export function refMatrix(q: number[][], r: number[][], kind: Kind): number[][] {
  const qn = kind === "dot" ? q : q.map(normalize);
  const rn = kind === "dot" ? r : r.map(normalize);
  return qn.map((a) =>
    rn.map((b) => {
      let dot = 0;
      let sq = 0;
      for (let k = 0; k < a.length; k++) {
        dot += a[k]! * b[k]!;
        sq += (a[k]! - b[k]!) ** 2;
      }
      if (kind === "cos" || kind === "dot") return dot;
      return kind === "l2" ? Math.sqrt(sq) : sq;
    }),
  );
}

export const inverted = (kind: Kind): boolean => kind === "cos" || kind === "dot";

/** Whether (i, j) is a positive pair (same label, not self when the reference is the batch). */
export function isPos(labels: number[], refLabels: number[], self: boolean, i: number, j: number) {
  return labels[i] === refLabels[j] && !(self && i === j);
}

export function isNeg(labels: number[], refLabels: number[], i: number, j: number) {
  return labels[i] !== refLabels[j];
}

/** Sorted "i,j,k" strings of a triplet tuple, for set comparison. */
export function tripletSet(t: {
  anchors: Int32Array;
  positives: Int32Array;
  negatives: Int32Array;
}): string[] {
  return Array.from(t.anchors, (a, i) => `${a},${t.positives[i]},${t.negatives[i]}`).sort();
}

/** Sorted "i,j" strings of the positive and negative pairs of a pair tuple. */
export function pairSets(p: { a1: Int32Array; p: Int32Array; a2: Int32Array; n: Int32Array }) {
  return {
    pos: Array.from(p.a1, (a, i) => `${a},${p.p[i]}`).sort(),
    neg: Array.from(p.a2, (a, i) => `${a},${p.n[i]}`).sort(),
  };
}

/** Mean over values > 0, or 0 (AvgNonZeroReducer). */
export function avgNonZero(values: number[]): number {
  const nz = values.filter((v) => v > 0);
  return nz.length === 0 ? 0 : nz.reduce((s, v) => s + v, 0) / nz.length;
}

export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/** log(sum exp) in float64, plus exp(0) when addOne; 0 for an empty list without addOne. */
export function logSumExp(values: number[], addOne: boolean): number {
  const all = addOne ? [...values, 0] : values;
  if (all.length === 0) return 0;
  const m = Math.max(...all);
  return m + Math.log(all.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** Asserts a scalar tensor is close to `expected` (absolute 1e-5 plus 1e-5 relative). */
export function expectScalarClose(actual: tf.Scalar, expected: number, tol = 1e-5): void {
  const v = actual.dataSync()[0]!;
  expect(Number.isFinite(v)).toBe(true);
  expect(Math.abs(v - expected)).toBeLessThanOrEqual(tol * (1 + Math.abs(expected)));
}

/**
 * Compares tf.grad of `f` at `x` with central finite differences (float32, so eps 1e-3
 * and a loose tolerance), on every coordinate.
 */
export function checkGradient(
  f: (x: tf.Tensor2D) => tf.Scalar,
  x: number[][],
  tol = 1e-2,
  eps = 1e-3,
): void {
  const xt = tf.tensor2d(x);
  const g = tf.grad((v: tf.Tensor) => f(v as tf.Tensor2D))(xt);
  const analytic = g.arraySync() as number[][];
  expect(analytic.flat().every(Number.isFinite)).toBe(true);
  let maxAbs = 0;
  for (let i = 0; i < x.length; i++) {
    for (let k = 0; k < x[0]!.length; k++) {
      const plus = x.map((r) => r.slice());
      const minus = x.map((r) => r.slice());
      plus[i]![k]! += eps;
      minus[i]![k]! -= eps;
      const fp = tf.tidy(() => f(tf.tensor2d(plus)).dataSync()[0]!);
      const fm = tf.tidy(() => f(tf.tensor2d(minus)).dataSync()[0]!);
      const numeric = (fp - fm) / (2 * eps);
      maxAbs = Math.max(maxAbs, Math.abs(numeric));
      expect(Math.abs(analytic[i]![k]! - numeric)).toBeLessThanOrEqual(
        tol * (1 + Math.abs(numeric)),
      );
    }
  }
  // a gradient check on a flat function would prove nothing
  expect(maxAbs).toBeGreaterThan(0);
  xt.dispose();
  g.dispose();
}

/** Central finite differences of a float64 function of the embeddings. */
export function numericGradient(
  f: (x: number[][]) => number,
  x: number[][],
  eps = 1e-6,
): number[][] {
  return x.map((row, i) =>
    row.map((_, k) => {
      const plus = x.map((r) => r.slice());
      const minus = x.map((r) => r.slice());
      plus[i]![k]! += eps;
      minus[i]![k]! -= eps;
      return (f(plus) - f(minus)) / (2 * eps);
    }),
  );
}

/** Asserts tf.grad of `f` at `x` is close to `expected`, and not all zero. */
export function expectGradientClose(
  f: (x: tf.Tensor2D) => tf.Scalar,
  x: number[][],
  expected: number[][],
  tol = 1e-3,
): void {
  const xt = tf.tensor2d(x);
  const g = tf.grad((v: tf.Tensor) => f(v as tf.Tensor2D))(xt);
  const actual = g.arraySync() as number[][];
  expect(expected.flat().some((v) => Math.abs(v) > 1e-6)).toBe(true);
  actual.forEach((row, i) => {
    row.forEach((v, k) => {
      expect(Math.abs(v - expected[i]![k]!)).toBeLessThanOrEqual(
        tol * (1 + Math.abs(expected[i]![k]!)),
      );
    });
  });
  tf.dispose([xt, g]);
}
