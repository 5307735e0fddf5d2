import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import { maskedSoftmaxCrossEntropy } from "./masked-softmax-cross-entropy.js";

/** The same loss written with tfjs ops, as a reference. */
function reference(
  x: tf.Tensor2D,
  targets: tf.Tensor2D,
  valid: tf.Tensor2D,
  scale: number,
): tf.Tensor1D {
  const z = tf.mul(x, scale);
  const keep = tf.cast(valid, "bool");
  const masked = tf.where(keep, z, tf.fill(z.shape, -1e30));
  const max = tf.max(masked, 1, true);
  const sum = tf.sum(tf.where(keep, tf.exp(tf.sub(masked, max)), tf.zerosLike(z)), 1, true);
  const anyValid = tf.any(keep, 1, true);
  const lse = tf.add(max, tf.log(tf.where(anyValid, sum, tf.onesLike(sum))));
  const t = tf.where(keep, targets, tf.zerosLike(targets));
  return tf.sum(tf.mul(t, tf.sub(lse, tf.where(keep, z, tf.zerosLike(z)))), 1) as tf.Tensor1D;
}

function problem(n: number, m: number, seed: number) {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const valid = Float32Array.from({ length: n * m }, () => (rand() < 0.8 ? 1 : 0));
  // row 1 has no valid entry, row 2 no target
  for (let j = 0; j < m; j++) valid[m + j] = 0;
  const targets = Float32Array.from({ length: n * m }, (_, k) =>
    valid[k] && rand() < 0.3 && Math.floor(k / m) !== 2 ? rand() : 0,
  );
  return { valid, targets };
}

describe("maskedSoftmaxCrossEntropy", () => {
  for (const scale of [1, 10, -4]) {
    it(`matches the tfjs-ops reference, value and gradient (scale ${scale})`, () => {
      const n = 7;
      const m = 13;
      const { valid, targets } = problem(n, m, 3 + scale);
      const x = tf.randomNormal([n, m], 0, 1, "float32", 5) as tf.Tensor2D;
      const w = tf.randomUniform([n], 0.5, 2, "float32", 6);
      const t = tf.tensor2d(targets, [n, m]);
      const v = tf.tensor2d(valid, [n, m]);
      const ours = maskedSoftmaxCrossEntropy(x, targets, valid, { scale });
      const theirs = reference(x, t, v, scale);
      expectClose(ours.dataSync() as Float32Array, theirs.dataSync() as Float32Array);
      expect(ours.dataSync()[1]).toBe(0);
      expect(ours.dataSync()[2]).toBe(0);
      const g1 = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(maskedSoftmaxCrossEntropy(a as tf.Tensor2D, targets, valid, { scale }), w)),
      )(x);
      const g2 = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(reference(a as tf.Tensor2D, t, v, scale), w)),
      )(x);
      expectClose(g1.dataSync() as Float32Array, g2.dataSync() as Float32Array);
      tf.dispose([x, w, t, v, ours, theirs, g1, g2]);
    });
  }

  it("leaves no tensors behind and rejects mismatched sizes", () => {
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const ones = new Float32Array(6).fill(1);
    tf.dispose(
      tf.grad((a: tf.Tensor) => tf.sum(maskedSoftmaxCrossEntropy(a as tf.Tensor2D, ones, ones)))(x),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(() => maskedSoftmaxCrossEntropy(x, new Float32Array(5), ones)).toThrow(
      expect.objectContaining({ code: "INVALID_ATTRIBUTE" }),
    );
    x.dispose();
  });
});
