import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { depthwiseConv1d, depthwiseConv1dReference, shiftTime } from "./depthwise-conv1d.js";
import { expectSameAsReference } from "./fused-ops-test-utils.js";

describe("depthwiseConv1d", () => {
  const cases: { x: [number, number, number]; taps: number; dilation: number }[] = [
    { x: [1, 5, 1], taps: 1, dilation: 1 },
    { x: [2, 7, 3], taps: 3, dilation: 1 },
    { x: [3, 11, 8], taps: 3, dilation: 4 },
    { x: [2, 6, 5], taps: 5, dilation: 2 },
    // a dilation past the sequence: only the centre tap reads inside it
    { x: [2, 3, 4], taps: 3, dilation: 8 },
    { x: [4, 40, 64], taps: 3, dilation: 2 },
  ];
  for (const [k, { x: shape, taps, dilation }] of cases.entries()) {
    it(`equals shifts and products, value and gradients (x [${shape}], K ${taps}, dilation ${dilation})`, () => {
      const x = tf.randomNormal(shape, 0, 1, "float32", k + 1);
      const w = tf.randomNormal([taps, shape[2]], 0, 1, "float32", 10 + k);
      expectSameAsReference(
        (a, f) => depthwiseConv1d(a as tf.Tensor3D, f as tf.Tensor2D, dilation),
        (a, f) => depthwiseConv1dReference(a as tf.Tensor3D, f as tf.Tensor2D, dilation),
        [x, w],
        20 + k,
      );
      tf.dispose([x, w]);
    });
  }

  // >= MIN_ORT_ELEMENTS: with onnxruntime in force, both passes are onnxruntime graphs while a
  // gradient is recorded; with the JS kernels only (the fallback), the host passes
  const large: typeof cases = [
    { x: [4, 40, 64], taps: 3, dilation: 2 },
    { x: [2, 50, 48], taps: 5, dilation: 3 },
    { x: [2, 40, 64], taps: 1, dilation: 1 },
    { x: [2, 64, 40], taps: 3, dilation: 70 },
  ];
  for (const fast of ["onnxruntime", "js"] as const) {
    for (const [k, { x: shape, taps, dilation }] of large.entries()) {
      it(`equals shifts and products with the fast kernels (${fast}), value and gradients (x [${shape}], K ${taps}, dilation ${dilation})`, () => {
        const x = tf.randomNormal(shape, 0, 1, "float32", k + 31);
        const w = tf.randomNormal([taps, shape[2]], 0, 1, "float32", 40 + k);
        registerFastCpuKernels({ onnxruntime: fast === "onnxruntime", threads: 2 });
        try {
          expectSameAsReference(
            (a, f) => depthwiseConv1d(a as tf.Tensor3D, f as tf.Tensor2D, dilation),
            (a, f) => depthwiseConv1dReference(a as tf.Tensor3D, f as tf.Tensor2D, dilation),
            [x, w],
            50 + k,
          );
        } finally {
          unregisterFastCpuKernels();
        }
        tf.dispose([x, w]);
      });
    }
  }

  it("the reference taps x[t-d], x[t], x[t+d] for K = 3", () => {
    const x = tf.tensor3d([1, 2, 3, 4], [1, 4, 1]);
    const w = tf.tensor2d([100, 10, 1], [3, 1]);
    // y[t] = 100 x[t-1] + 10 x[t] + x[t+1]
    expect(Array.from(depthwiseConv1d(x, w).dataSync())).toEqual([12, 123, 234, 340]);
    expect(Array.from(depthwiseConv1dReference(x, w).dataSync())).toEqual([12, 123, 234, 340]);
    expect(Array.from(shiftTime(x, 1).dataSync())).toEqual([0, 1, 2, 3]);
    expect(Array.from(shiftTime(x, -2).dataSync())).toEqual([3, 4, 0, 0]);
    tf.dispose([x, w]);
  });

  it("rejects an even kernel, a channel mismatch and a bad dilation", () => {
    const x = tf.zeros([1, 4, 2]) as tf.Tensor3D;
    const even = tf.zeros([2, 2]) as tf.Tensor2D;
    const wrongChannels = tf.zeros([3, 5]) as tf.Tensor2D;
    const w = tf.zeros([3, 2]) as tf.Tensor2D;
    const code = expect.objectContaining({ code: "INVALID_ATTRIBUTE", where: "depthwiseConv1d" });
    expect(() => depthwiseConv1d(x, even)).toThrow(code);
    expect(() => depthwiseConv1d(x, wrongChannels)).toThrow(code);
    expect(() => depthwiseConv1d(x, w, 0)).toThrow(/dilation must be a positive integer/);
    tf.dispose([x, even, wrongChannels, w]);
  });
});
