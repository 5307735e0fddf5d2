import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import { gatheredRowDistances } from "./gathered-row-distances.js";
import { l2NormalizeRows } from "./l2-normalize-rows.js";

/** The tfjs-ops references the fused ops replace. */
const refNormalize = (x: tf.Tensor2D) =>
  tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))) as tf.Tensor2D;

function refDistances(
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  rows: Int32Array,
  cols: Int32Array,
  normalize: boolean,
  squared: boolean,
): tf.Tensor1D {
  const a = tf.gather(normalize ? refNormalize(x) : x, tf.tensor1d(rows, "int32"));
  const b = tf.gather(normalize ? refNormalize(y) : y, tf.tensor1d(cols, "int32"));
  const s = tf.sum(tf.square(tf.sub(a, b)), 1);
  return (squared ? s : tf.sqrt(tf.maximum(s, 1e-30))) as tf.Tensor1D;
}

function withZeroRow(seed: number, n: number, d: number): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, d], 0, 1, "float32", seed);
    const mask = tf.concat([tf.zeros([1, d]), tf.ones([n - 1, d])]);
    return tf.mul(x, mask) as tf.Tensor2D;
  });
}

describe("l2NormalizeRows", () => {
  it("matches the tfjs ops, value and gradient, a zero row included", () => {
    const x = withZeroRow(1, 9, 5);
    const w = tf.randomNormal([9, 5], 0, 1, "float32", 2);
    expectClose(
      l2NormalizeRows(x).dataSync() as Float32Array,
      refNormalize(x).dataSync() as Float32Array,
    );
    const g1 = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(l2NormalizeRows(a as tf.Tensor2D), w)))(x);
    const g2 = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(refNormalize(a as tf.Tensor2D), w)))(x);
    expectClose(g1.dataSync() as Float32Array, g2.dataSync() as Float32Array);
    tf.dispose([x, w, g1, g2]);
  });
});

describe("gatheredRowDistances", () => {
  const rows = Int32Array.from([0, 3, 3, 5, 1, 6, 2]);
  const cols = Int32Array.from([2, 0, 4, 4, 1, 3, 2]);
  for (const normalize of [false, true]) {
    for (const squared of [false, true]) {
      for (const same of [false, true]) {
        it(`matches the tfjs ops (normalize ${normalize}, squared ${squared}, ${same ? "one set" : "two sets"})`, () => {
          const x = withZeroRow(3, 7, 6);
          const y = same ? x : (tf.randomNormal([5, 6], 0, 1, "float32", 4) as tf.Tensor2D);
          const c = same ? Int32Array.from(cols, (v, i) => (i === 4 ? 1 : v)) : cols;
          const w = tf.randomUniform([rows.length], 0.5, 2, "float32", 5);
          const ours = gatheredRowDistances(x, y, rows, c, { normalize, squared });
          const theirs = refDistances(x, y, rows, c, normalize, squared);
          expectClose(ours.dataSync() as Float32Array, theirs.dataSync() as Float32Array);
          const loss = (f: typeof refDistances) => (a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(
              tf.mul(
                f(a as tf.Tensor2D, (same ? a : b) as tf.Tensor2D, rows, c, normalize, squared),
                w,
              ),
            );
          const fused = (
            a: tf.Tensor2D,
            b: tf.Tensor2D,
            r: Int32Array,
            k: Int32Array,
            nm: boolean,
            sq: boolean,
          ) => gatheredRowDistances(a, b, r, k, { normalize: nm, squared: sq });
          const [gx1, gy1] = tf.grads(loss(fused))([x, y]);
          const [gx2, gy2] = tf.grads(loss(refDistances))([x, y]);
          expectClose(gx1!.dataSync() as Float32Array, gx2!.dataSync() as Float32Array);
          expectClose(gy1!.dataSync() as Float32Array, gy2!.dataSync() as Float32Array);
          tf.dispose([x, y, w, ours, theirs, gx1!, gy1!, gx2!, gy2!]);
        });
      }
    }
  }

  it("leaves no tensors behind and rejects bad indices with typed errors", () => {
    const x = tf.randomNormal([4, 3]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const r = Int32Array.from([0, 1]);
    tf.dispose(
      tf.grad((a: tf.Tensor) =>
        tf.sum(gatheredRowDistances(a as tf.Tensor2D, a as tf.Tensor2D, r, r, { normalize: true })),
      )(x),
    );
    tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(l2NormalizeRows(a as tf.Tensor2D)))(x));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => gatheredRowDistances(x, x, Int32Array.from([4]), Int32Array.from([0]))).toThrow(
      expect.objectContaining({ code: "INVALID_INDICES" }),
    );
    expect(() => gatheredRowDistances(x, x, r, Int32Array.from([0]))).toThrow(
      expect.objectContaining({ code: "INVALID_ATTRIBUTE" }),
    );
    x.dispose();
  });
});
