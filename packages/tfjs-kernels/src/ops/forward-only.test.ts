import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { depthwiseConv1d } from "./depthwise-conv1d.js";
import { recordingGradients } from "./host-path.js";
import { residualLayerNorm } from "./residual-layer-norm.js";
import { segmentLogSumExp } from "./segment-log-sum-exp.js";
import { type CsrMatrix, sparseDenseMatMul } from "./sparse-dense-mat-mul.js";

/**
 * Outside gradient recording (inference) the fused ops take a forward-only path without
 * customGrad and the arrays kept for backward; it must give the recorded path's numbers bit for
 * bit, keep no tensor behind, and the recorded path must still differentiate.
 */
function expectForwardOnlySame(op: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): void {
  const before = tf.memory().numTensors;
  const plain = tf.tidy(() => {
    expect(recordingGradients()).toBe(false);
    return Float32Array.from(op(x).dataSync());
  });
  expect(tf.memory().numTensors, "tensors leaked").toBe(before);
  const recorded = tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => {
      expect(recordingGradients()).toBe(true);
      return tf.sum(tf.mul(op(t), tf.onesLike(op(t))));
    })(x);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    expect(grad.shape).toEqual(x.shape);
    return Float32Array.from(op(x).dataSync());
  });
  // the value under the tape, read from inside a gradient function
  let taped: Float32Array | undefined;
  tf.tidy(() =>
    tf.grad((t: tf.Tensor) => {
      const y = op(t);
      taped = Float32Array.from(y.dataSync());
      return tf.sum(y);
    })(x),
  );
  expect(plain).toEqual(recorded);
  expect(plain).toEqual(taped);
}

describe("fused ops outside gradient recording", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("residualLayerNorm: same values with a 0 / 0.5 / 1 row mask and without one", () => {
    const x = tf.randomNormal([3, 7, 16], 1, 2, "float32", 1);
    const residual = tf.randomNormal([3, 7, 16], 0, 1, "float32", 2);
    const gamma = tf.randomNormal([16], 1, 0.3, "float32", 3);
    const beta = tf.randomNormal([16], 0, 0.3, "float32", 4);
    const mask = tf.tensor3d(
      Float32Array.from({ length: 21 }, (_, r) => [1, 0.5, 0][r % 3] as number),
      [3, 7, 1],
    );
    for (const rowMask of [mask, undefined]) {
      expectForwardOnlySame((t) => residualLayerNorm(t, residual, gamma, beta, rowMask), x);
    }
    tf.dispose([x, residual, gamma, beta, mask]);
  });

  it("segmentLogSumExp: same values, rows in no segment and an empty segment included", () => {
    const x = tf.randomNormal([2, 6, 5], 0, 3, "float32", 5);
    const ids = Int32Array.from([0, 0, 1, -1, 1, 3, 2, 2, 2, -1, 0, 0]);
    expectForwardOnlySame((t) => segmentLogSumExp(t as tf.Tensor3D, ids, 4), x);
    x.dispose();
  });

  it("sparseDenseMatMul: same values, an empty row included", () => {
    const a: CsrMatrix = {
      shape: [3, 5],
      rowStarts: Int32Array.from([0, 2, 2, 5]),
      columns: Int32Array.from([0, 4, 1, 2, 4]),
      values: Float32Array.from([0.5, 0.25, 1 / 3, 1 / 3, 1 / 3]),
    };
    const b = tf.randomNormal([5, 7], 0, 1, "float32", 6);
    expectForwardOnlySame((t) => sparseDenseMatMul(a, t as tf.Tensor2D), b);
    b.dispose();
  });

  it("depthwiseConv1d: same values at dilations 1 and 3", () => {
    const x = tf.randomNormal([2, 9, 4], 0, 1, "float32", 7);
    const w = tf.randomNormal([3, 4], 0, 1, "float32", 8) as tf.Tensor2D;
    for (const dilation of [1, 3]) {
      expectForwardOnlySame((t) => depthwiseConv1d(t as tf.Tensor3D, w, dilation), x);
    }
    tf.dispose([x, w]);
  });
});
