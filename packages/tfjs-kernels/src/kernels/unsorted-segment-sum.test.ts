import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
} from "./kernel-test-utils.js";

describe("fast UnsortedSegmentSum", () => {
  beforeAll(useCpuBackend);

  const cases: Array<{ rows: number; inner: number[]; numSegments: number }> = [
    { rows: 1, inner: [], numSegments: 1 },
    { rows: 7, inner: [], numSegments: 3 },
    { rows: 40, inner: [5], numSegments: 11 },
    { rows: 64, inner: [3, 4], numSegments: 50 },
    { rows: 300, inner: [16], numSegments: 1000 },
  ];
  for (const [seed, { rows, inner, numSegments }] of cases.entries()) {
    it(`matches tfjs for x [${rows}, ${inner}] into ${numSegments} segments, repeated and out-of-range ids`, () => {
      expectSameAsOriginal(() => {
        const x = randomFloats([rows, ...inner], seed);
        // Ids from -3 to numSegments + 2: repeats, negatives and ids past the end, all dropped by tfjs.
        const ids = randomInts([rows], -3, numSegments + 3, seed + 100) as tf.Tensor1D;
        return tf.unsortedSegmentSum(x, ids, numSegments);
      });
    });
  }

  it("matches tfjs for an empty segment list and for int32 values", () => {
    expectSameAsOriginal(() => tf.unsortedSegmentSum(tf.zeros([0, 3]), tf.zeros([0], "int32"), 4));
    expectSameAsOriginal(() =>
      tf.unsortedSegmentSum(
        randomInts([20, 3], -5, 5, 1),
        randomInts([20], 0, 6, 2) as tf.Tensor1D,
        6,
      ),
    );
  });

  it("matches tfjs for rank-2 segment ids (delegated to tfjs's kernel)", () => {
    expectSameAsOriginal(() =>
      tf.unsortedSegmentSum(randomFloats([4, 3], 3), randomInts([4, 3], 0, 5, 4) as tf.Tensor1D, 5),
    );
  });

  it("gives the same gather gradients along axis 0, axis 1 and with batchDims 1", () => {
    expectSameAsOriginal(() => {
      const params = randomFloats([500, 8], 5);
      const indices = randomInts([6, 30], 0, 500, 6);
      const weights = randomFloats([6, 30, 8], 7);
      return tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, indices), weights)))(params);
    });
    expectSameAsOriginal(() => {
      const params = randomFloats([4, 50, 3], 8);
      const indices = randomInts([25], 0, 50, 9);
      const weights = randomFloats([4, 25, 3], 10);
      return tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, indices, 1), weights)))(params);
    });
    expectSameAsOriginal(() => {
      const params = randomFloats([3, 40, 5], 11);
      const indices = randomInts([3, 12], 0, 40, 12);
      const weights = randomFloats([3, 12, 5], 13);
      return tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.gather(p, indices, 1, 1), weights)))(
        params,
      );
    });
  });
});
