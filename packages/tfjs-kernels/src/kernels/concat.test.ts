import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
  withAndWithoutFastKernels,
} from "./kernel-test-utils.js";

describe("fast Concat", () => {
  beforeAll(useCpuBackend);

  const cases: Array<{ shapes: number[][]; axis: number; label: string }> = [
    { shapes: [[5], [3], [1]], axis: 0, label: "vectors" },
    {
      shapes: [
        [40, 64],
        [40, 64],
        [40, 8],
        [40, 16],
      ],
      axis: 1,
      label: "feature blocks, wide and narrow rows",
    },
    {
      shapes: [
        [3, 4],
        [2, 4],
      ],
      axis: 0,
      label: "stacked rows",
    },
    {
      shapes: [
        [2, 3, 30],
        [2, 5, 30],
      ],
      axis: 1,
      label: "a middle axis",
    },
    {
      shapes: [
        [2, 3, 4],
        [2, 3, 1],
        [2, 3, 0],
        [2, 3, 25],
      ],
      axis: -1,
      label: "last axis, one input empty",
    },
  ];
  for (const [seed, { shapes, axis, label }] of cases.entries()) {
    it(`equals tfjs's kernel exactly, value and gradient: ${label}`, () => {
      const { original, fast } = withAndWithoutFastKernels(() => {
        const xs = shapes.map((s, i) => randomFloats(s, 10 * seed + i));
        const y = tf.concat(xs, axis);
        const weights = randomFloats(y.shape, 99);
        const grads = tf.grads((...ts: tf.Tensor[]) =>
          tf.sum(tf.mul(tf.concat(ts, axis), weights)),
        )(xs);
        return [y, ...grads];
      });
      for (const [i, values] of original.entries()) {
        expect(Array.from(fast[i] as Float32Array)).toEqual(Array.from(values));
      }
    });
  }

  it("hands int32 tensors and an all-empty result to tfjs", () => {
    expectSameAsOriginal(() =>
      tf.concat([randomInts([2, 3], 0, 9, 1), randomInts([2, 2], 0, 9, 2)], 1),
    );
    expectSameAsOriginal(() => tf.concat([tf.zeros([0, 3]), tf.zeros([0, 3])], 0));
  });
});
