import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "./register.js";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
  AXIS_SETS_3D,
} from "./kernel-test-utils.js";

describe("fast Sum, Mean and GatherV2", () => {
  beforeAll(useCpuBackend);

  it("sum and mean match tfjs over every axis set, with and without keepDims", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([3, 4, 5], 1);
      return AXIS_SETS_3D.flatMap((axes) => [
        tf.sum(x, axes),
        tf.sum(x, axes, true),
        tf.mean(x, axes),
        tf.mean(x, axes, true),
      ]);
    });
    expectSameAsOriginal(() => [
      tf.sum(tf.scalar(3)),
      tf.mean(randomFloats([7], 2)),
      tf.sum(tf.zeros([0, 3]), 0),
    ]);
    expectSameAsOriginal(() => [
      tf.sum(randomInts([4, 3], -9, 9, 3), 0),
      tf.mean(randomInts([4, 3], -9, 9, 4), 1),
    ]);
  });

  it("gather matches tfjs along each axis, with repeated indices, batchDims and int32 values", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([6, 5, 4], 5);
      return [
        tf.gather(x, randomInts([9], 0, 6, 6)),
        tf.gather(x, randomInts([3, 4], 0, 5, 7), 1),
        tf.gather(x, randomInts([2], 0, 4, 8), 2),
        tf.gather(x, randomInts([6, 3], 0, 5, 9), 1, 1),
        tf.gather(randomInts([7, 2], -9, 9, 10), tf.tensor1d([6, 0, 6], "int32")),
        tf.gather(x, tf.tensor1d([], "int32")),
      ];
    });
  });

  it("gather throws for an out-of-range index exactly like tfjs", () => {
    const attempt = () =>
      tf.tidy(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([0, 3], "int32")).dataSync());
    unregisterFastCpuKernels();
    let expected = "";
    try {
      attempt();
    } catch (e) {
      expected = (e as Error).message;
    }
    registerFastCpuKernels();
    try {
      expect(attempt).toThrow(expected);
      expect(expected).toContain("not in [0, 2]");
    } finally {
      unregisterFastCpuKernels();
    }
  });

  it("gives the same gradients through mean, sum and gather", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([4, 6, 3], 11);
      const f = (t: tf.Tensor) => {
        const { mean, variance } = tf.moments(t, -1, true);
        const normed = tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-5)));
        return tf.sum(
          tf.mul(tf.gather(normed, tf.tensor1d([0, 2, 2, 5], "int32"), 1), tf.sum(t, 1, true)),
        );
      };
      return tf.grad(f)(x);
    });
  });
});
