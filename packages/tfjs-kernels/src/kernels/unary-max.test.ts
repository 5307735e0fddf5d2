import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
  expectSameWithInfinities,
  AXIS_SETS_3D,
} from "./kernel-test-utils.js";

describe("fast unary kernels and Max", () => {
  beforeAll(useCpuBackend);

  it("Relu, Exp, Log, Sqrt, Square, Abs, Floor and Step match tfjs, NaN and infinities included", () => {
    expectSameWithInfinities(() => {
      const x = tf.concat([
        randomFloats([50], 1),
        tf.tensor1d([0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]),
      ]);
      const positive = tf.abs(x);
      return [tf.relu(x), tf.exp(x), tf.log(positive), tf.sqrt(positive), tf.square(x), tf.abs(x)];
    });
    expectSameWithInfinities(() => {
      const x = tf.concat([
        randomFloats([50], 7),
        tf.tensor1d([
          0,
          -0,
          2.5,
          -2.5,
          Number.NaN,
          Number.POSITIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
        ]),
      ]);
      return [tf.floor(tf.mul(x, 10)), tf.step(x), tf.step(x, 0.25), tf.step(x, -3)];
    });
    expectSameAsOriginal(() => [
      tf.relu(randomInts([4, 3], -9, 9, 2)),
      tf.abs(randomInts([5], -9, 9, 3)),
    ]);
  });

  it("Max matches tfjs over every axis set, with and without keepDims, and with NaN", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([3, 4, 5], 4);
      return AXIS_SETS_3D.flatMap((axes) => [tf.max(x, axes), tf.max(x, axes, true)]);
    });
    expectSameWithInfinities(() => {
      const x = randomFloats([2, 6, 3], 5);
      const withNaN = tf.concat(
        [
          x.slice([0, 0, 0], [2, 2, 3]),
          tf.fill([2, 1, 3], Number.NaN),
          x.slice([0, 3, 0], [2, 3, 3]),
        ],
        1,
      );
      return [
        tf.max(withNaN, 1),
        tf.max(tf.fill([2, 3], Number.NEGATIVE_INFINITY), 0),
        tf.max(tf.scalar(2)),
      ];
    });
    expectSameAsOriginal(() => [tf.max(randomInts([4, 3], -9, 9, 6), 0)]);
  });
});
