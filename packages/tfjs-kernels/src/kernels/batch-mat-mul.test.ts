import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import {
  expectSameAsOriginal,
  randomFloats,
  useCpuBackend,
  expectSameWithInfinities,
} from "./kernel-test-utils.js";

describe("fast BatchMatMul", () => {
  beforeAll(useCpuBackend);

  const cases: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean }> = [
    { a: [7, 5], b: [5, 3], ta: false, tb: false },
    { a: [5, 7], b: [5, 3], ta: true, tb: false },
    { a: [7, 5], b: [3, 5], ta: false, tb: true },
    { a: [5, 7], b: [3, 5], ta: true, tb: true },
    { a: [64, 33], b: [33, 65], ta: false, tb: false },
    { a: [3, 4, 6], b: [3, 6, 5], ta: false, tb: false },
    { a: [2, 3, 6, 4], b: [2, 3, 5, 6], ta: true, tb: true },
    { a: [4, 9, 6], b: [6, 2], ta: false, tb: false },
    { a: [1, 9], b: [4, 9, 3], ta: false, tb: false },
    { a: [1, 1], b: [1, 1], ta: false, tb: false },
    { a: [0, 4], b: [4, 3], ta: false, tb: false },
  ];
  for (const [seed, c] of cases.entries()) {
    it(`matches tfjs for ${JSON.stringify(c.a)} x ${JSON.stringify(c.b)} transposeA=${c.ta} transposeB=${c.tb}`, () => {
      expectSameAsOriginal(() =>
        tf.matMul(randomFloats(c.a, seed), randomFloats(c.b, seed + 40), c.ta, c.tb),
      );
    });
  }

  it("matches tfjs on mostly-zero left operands (sparse path), NaN and Infinity included", () => {
    // 0/1 masks and one-hot rows: about 1 in 10 entries set.
    const mask = (shape: number[], seed: number) =>
      tf.mul(
        randomFloats(shape, seed),
        tf.cast(tf.greater(randomFloats(shape, seed + 1), 0.8), "float32"),
      );
    expectSameWithInfinities(() => {
      const right = randomFloats([3, 40, 9], 7);
      const withNaN = tf.concat(
        [tf.fill([3, 1, 9], Number.NaN), right.slice([0, 1, 0], [3, 39, 9])],
        1,
      );
      const withInf = tf.concat(
        [tf.fill([3, 1, 9], Number.POSITIVE_INFINITY), right.slice([0, 1, 0], [3, 39, 9])],
        1,
      );
      return [
        tf.matMul(mask([3, 11, 40], 3), right),
        tf.matMul(mask([40, 11], 5), tf.reshape(right, [40, 27]), true, false),
        tf.matMul(mask([3, 11, 40], 3), withNaN),
        tf.matMul(mask([3, 11, 40], 3), withInf),
        tf.matMul(tf.zeros([5, 8]), randomFloats([8, 6], 9)),
      ];
    });
  });

  it("matches tfjs on int32 inputs (delegated) and gives the same gradients", () => {
    expectSameAsOriginal(() =>
      tf.matMul(
        tf.tensor2d(
          [
            [1, 2],
            [3, 4],
          ],
          undefined,
          "int32",
        ),
        tf.tensor2d([[5], [6]], undefined, "int32"),
      ),
    );
    expectSameAsOriginal(() => {
      const a = randomFloats([6, 9], 60);
      const b = randomFloats([9, 4], 61);
      return tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D))),
      )([a, b]);
    });
  });
});
