import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import {
  type FastCpuKernelsOptions,
  registerFastCpuKernels,
  unregisterFastCpuKernels,
} from "../kernels/register.js";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import { labelSoftmaxCrossEntropy } from "./label-softmax-cross-entropy.js";
import { selfSimilaritySoftmaxCrossEntropy } from "./similarity-softmax-cross-entropy.js";

/**
 * The same rows with plain tfjs ops: logits scale · x xᵀ, the diagonal pushed out of the
 * softmax, minus the mean log-probability of each row's same-label columns (0 without any).
 */
function reference(x: tf.Tensor2D, labels: Int32Array, scale: number): tf.Tensor1D {
  const n = labels.length;
  const sameLabel = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) sameLabel[i * n + j] = i !== j && labels[i] === labels[j] ? 1 : 0;
  const pos = tf.tensor2d(sameLabel, [n, n]);
  const z = tf.add(tf.mul(tf.matMul(x, x, false, true), scale), tf.mul(tf.eye(n), -1e9));
  const logProb = tf.sub(z, tf.logSumExp(z, 1, true));
  const count = tf.sum(pos, 1);
  return tf.div(tf.neg(tf.sum(tf.mul(pos, logProb), 1)), tf.maximum(count, 1)) as tf.Tensor1D;
}

/** Rows of norm `length` (1: as SupCon's cosine similarity feeds the op). */
function rowsOfNorm(n: number, d: number, seed: number, length: number): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, d], 0, 1, "float32", seed);
    return tf.mul(tf.div(x, tf.norm(x, 2, 1, true)), length) as tf.Tensor2D;
  });
}

// tfjs's own kernels, the JS kernels, and onnxruntime's matMul where installed ("auto": the JS
// fallback when it is absent or BIORE_ONNXRUNTIME=off)
const MODES: Array<[string, FastCpuKernelsOptions | null]> = [
  ["tfjs kernels", null],
  ["JS kernels", { onnxruntime: false }],
  ["onnxruntime when installed", { onnxruntime: "auto", minOnnxMacs: 0, threads: 2 }],
];

describe.each(MODES)("selfSimilaritySoftmaxCrossEntropy (%s)", (_label, options) => {
  afterEach(unregisterFastCpuKernels);

  // 70 rows: two 64-row tiles, the second partial. Rows of norm 12 at scale 10: logits up to
  // 1440, row maxima too far apart for shared exps (the row-by-row pass takes over); there the
  // tfjs-op reference itself is only good to ~1e-3 in the gradient (float32 log-sum-exp of such
  // logits, the same against labelSoftmaxCrossEntropy), so that case is checked against the
  // general op on the product it replaces, gradient included.
  const cases: [number, number, number, number][] = [
    [9, 5, 10, 1],
    [70, 16, 10, 1],
    [33, 8, -3, 1],
    [20, 3, 10, 12],
  ];
  for (const [n, d, scale, norm] of cases) {
    it(`matches the tfjs-op reference, value and gradient (N ${n}, D ${d}, scale ${scale}, norm ${norm})`, () => {
      if (options) registerFastCpuKernels(options);
      const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % 4);
      labels[n - 1] = 99; // a row with no positive
      const x = rowsOfNorm(n, d, n + d, norm);
      const self = Int32Array.from({ length: n }, (_, i) => i);
      const viaProduct = (a: tf.Tensor2D, _labels?: Int32Array, _scale?: number) =>
        labelSoftmaxCrossEntropy(tf.matMul(a, a, false, true), labels, labels, {
          scale,
          exclude: self,
        });
      expectSameAsReference(
        (a) => selfSimilaritySoftmaxCrossEntropy(a as tf.Tensor2D, labels, { scale }),
        (a) => (norm === 1 ? reference : viaProduct)(a as tf.Tensor2D, labels, scale),
        [x],
        n,
      );
      // and the general op on the product it replaces
      const ours = selfSimilaritySoftmaxCrossEntropy(x, labels, { scale });
      const general = tf.tidy(() => viaProduct(x));
      expectClose(ours.dataSync() as Float32Array, general.dataSync() as Float32Array);
      expect(ours.dataSync()[n - 1]).toBe(0);
      tf.dispose([x, ours, general]);
    });
  }
});

describe("selfSimilaritySoftmaxCrossEntropy edge cases", () => {
  it("gives 0 and a zero gradient without positives, and NaN rows for NaN input, as the general op", () => {
    const self = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    for (const [n, labels] of [
      [1, [0]],
      [4, [0, 1, 2, 3]],
    ] as const) {
      const x = rowsOfNorm(n, 3, 5, 1);
      const l = Int32Array.from(labels);
      const g = tf.grad((a: tf.Tensor) =>
        tf.sum(selfSimilaritySoftmaxCrossEntropy(a as tf.Tensor2D, l)),
      )(x);
      expect(Array.from(selfSimilaritySoftmaxCrossEntropy(x, l).dataSync())).toEqual(
        Array(n).fill(0),
      );
      expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
      tf.dispose([x, g]);
    }
    const x = tf.tensor2d([1, 0, Number.NaN, 1, 0, 1, 1, 1], [4, 2]);
    const labels = Int32Array.from([0, 0, 1, 1]);
    const ours = selfSimilaritySoftmaxCrossEntropy(x, labels, { scale: 2 }).dataSync();
    const general = tf.tidy(() =>
      labelSoftmaxCrossEntropy(tf.matMul(x, x, false, true), labels, labels, {
        scale: 2,
        exclude: self(4),
      }).dataSync(),
    );
    expect(Array.from(ours, Number.isNaN)).toEqual(Array.from(general, Number.isNaN));
    expect(Number.isNaN(ours[1]!)).toBe(true);
    x.dispose();
  });
});

describe("selfSimilaritySoftmaxCrossEntropy errors", () => {
  it("rejects mismatched labels and a non-finite scale with typed errors", () => {
    const x = tf.randomNormal([3, 2]) as tf.Tensor2D;
    expect(() => selfSimilaritySoftmaxCrossEntropy(x, Int32Array.from([0, 1]))).toThrow(
      expect.objectContaining({ code: "INVALID_ATTRIBUTE" }),
    );
    expect(() =>
      selfSimilaritySoftmaxCrossEntropy(x, Int32Array.from([0, 1, 1]), { scale: Infinity }),
    ).toThrow(expect.objectContaining({ code: "INVALID_OPTION" }));
    x.dispose();
  });
});
