import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { globalNorm, globalNormReference } from "./global-norm.js";

describe("globalNorm", () => {
  it("equals sqrt(addN(sum(square))) over tensors of several shapes, to 1e-6 relative", () => {
    const tensors = [
      tf.randomNormal([1], 0, 1, "float32", 1),
      tf.randomNormal([17, 5], 0, 3, "float32", 2),
      tf.randomNormal([3, 4, 6], 0, 0.01, "float32", 3),
      tf.randomNormal([2000, 9], 0, 0.1, "float32", 4),
    ];
    const before = tf.memory().numTensors;
    const ours = globalNorm(tensors);
    expect(tf.memory().numTensors, "tensors made").toBe(before);
    const theirs = globalNormReference(tensors);
    expect(tf.memory().numTensors, "tensors leaked").toBe(before);
    expect(Math.abs(ours - theirs) / theirs).toBeLessThan(1e-6);
    // with the fast kernels the tfjs-op chain rounds as the host pass does
    registerFastCpuKernels({ onnxruntime: false });
    try {
      expect(ours).toBe(globalNormReference(tensors));
    } finally {
      unregisterFastCpuKernels();
    }
    tf.dispose(tensors);
  });

  it("is 0 for no tensors or all zeros, and Infinity/NaN when a value is", () => {
    const zeros = tf.zeros([3, 3]);
    const inf = tf.tensor1d([1, Number.POSITIVE_INFINITY]);
    const nan = tf.tensor1d([Number.NaN, 1]);
    expect(globalNorm([])).toBe(0);
    expect(globalNorm([zeros])).toBe(0);
    expect(globalNorm([zeros, inf])).toBe(Number.POSITIVE_INFINITY);
    expect(globalNorm([nan])).toBeNaN();
    tf.dispose([zeros, inf, nan]);
  });

  it("rejects a non-float32 tensor, naming it", () => {
    const ints = tf.ones([2], "int32");
    const floats = tf.ones([2]);
    expect(() => globalNorm([floats, ints])).toThrow(
      expect.objectContaining({ code: "INVALID_ATTRIBUTE", where: "globalNorm" }),
    );
    tf.dispose([ints, floats]);
  });
});
