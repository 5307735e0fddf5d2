import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
} from "./kernel-test-utils.js";

describe("fast Slice, SplitV and PadV2", () => {
  beforeAll(useCpuBackend);

  it("slice matches tfjs on contiguous and strided windows, -1 sizes, int32 and bool", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([3, 7, 5], 1);
      return [
        tf.slice(x, [0, 1, 0], [3, 5, 5]),
        tf.slice(x, [1, 0, 2], [2, -1, 3]),
        tf.slice(x, [2, 3, 4], [1, 1, 1]),
        tf.slice(x, [0, 0, 0], [0, 7, 5]),
        tf.slice(randomFloats([6, 4], 2), [2, 1], [3, 2]),
        tf.slice(randomFloats([9], 3), [3], [4]),
        tf.slice(randomInts([4, 5, 6], -9, 9, 4), [1, 2, 1], [2, 2, 4]),
        tf.cast(tf.slice(tf.greater(randomFloats([4, 6], 5), 0), [1, 2], [3, 3]), "float32"),
      ];
    });
  });

  it("split matches tfjs along every axis, with equal and uneven sizes", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([4, 9, 6], 6);
      return [
        ...tf.split(x, 3, 1),
        ...tf.split(x, [1, 2, 3], 2),
        ...tf.split(x, [3, -1], 0),
        ...tf.split(randomInts([4, 6], 0, 9, 7), 2, 1),
      ];
    });
  });

  it("pad matches tfjs with zero and non-zero constants, on every rank and dtype", () => {
    expectSameAsOriginal(() => [
      tf.pad(randomFloats([2, 5, 3], 8), [
        [0, 0],
        [2, 1],
        [0, 0],
      ]),
      tf.pad(
        randomFloats([3, 4], 9),
        [
          [1, 2],
          [0, 3],
        ],
        1.5,
      ),
      tf.pad(randomFloats([5], 10), [[3, 0]]),
      tf.pad(
        randomInts([2, 3], -5, 5, 11),
        [
          [1, 1],
          [1, 1],
        ],
        7,
      ),
    ]);
  });

  it("gives the same gradients through slice, split and pad (their gradients are each other)", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([2, 8, 6], 12);
      const w = randomFloats([2, 10, 2], 13);
      const f = (t: tf.Tensor) => {
        const [p, q, r] = tf.split(t, 3, 2) as [tf.Tensor, tf.Tensor, tf.Tensor];
        const shifted = tf.slice(
          tf.pad(p, [
            [0, 0],
            [2, 0],
            [0, 0],
          ]),
          [0, 0, 0],
          [2, 8, 2],
        );
        const mixed = tf.add(
          tf.add(shifted, q),
          tf.slice(
            tf.pad(r, [
              [0, 0],
              [0, 2],
              [0, 0],
            ]),
            [0, 2, 0],
            [2, 8, 2],
          ),
        );
        return tf.sum(
          tf.mul(
            tf.pad(mixed, [
              [0, 0],
              [1, 1],
              [0, 0],
            ]),
            w,
          ),
        );
      };
      return tf.grad(f)(x);
    });
  });
});
