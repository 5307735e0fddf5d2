import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import { expectSameWithInfinities, randomFloats, useCpuBackend } from "./kernel-test-utils.js";

const ops = {
  equal: tf.equal,
  greater: tf.greater,
  greaterEqual: tf.greaterEqual,
  less: tf.less,
  maximum: tf.maximum,
  minimum: tf.minimum,
} as const;

describe("fast Equal, Greater, GreaterEqual, Less, Maximum and Minimum", () => {
  beforeAll(useCpuBackend);

  const shapePairs: Array<[number[], number[]]> = [
    [
      [4, 6, 5],
      [4, 1, 5],
    ],
    [[4, 6, 5], [5]],
    [
      [3, 4],
      [3, 4],
    ],
    [[3, 4], []],
    [
      [2, 1, 3, 1],
      [3, 4],
    ],
  ];
  for (const [name, op] of Object.entries(ops)) {
    it(`${name} matches tfjs on broadcasts, ties, NaN and ±Infinity (bool handed back as 0/1)`, () => {
      expectSameWithInfinities(() =>
        shapePairs.flatMap(([sa, sb], k) => {
          // rounding to 1 decimal makes ties common, so Equal and >= see both outcomes
          const a = tf.div(tf.round(tf.mul(randomFloats(sa, k), 10)), 10);
          const b = tf.div(tf.round(tf.mul(randomFloats(sb, k + 9), 10)), 10);
          const special = tf.tensor1d([Number.NaN, Number.POSITIVE_INFINITY, -1, 0]);
          return [
            tf.cast(op(a, b), "float32"),
            tf.cast(
              op(special, tf.tensor1d([1, Number.POSITIVE_INFINITY, Number.NaN, -0])),
              "float32",
            ),
            tf.cast(op(tf.cast(a, "int32"), tf.cast(b, "int32")), "float32"), // int32: tfjs's own
          ];
        }),
      );
    });
  }
});
