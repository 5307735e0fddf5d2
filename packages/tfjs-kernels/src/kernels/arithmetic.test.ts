import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
  withAndWithoutFastKernels,
} from "./kernel-test-utils.js";

const ops = { mul: tf.mul, add: tf.add, sub: tf.sub, div: tf.div } as const;

describe("fast Multiply, Add, Sub and RealDiv", () => {
  beforeAll(useCpuBackend);

  const shapePairs: Array<[number[], number[]]> = [
    [
      [4, 6, 5],
      [4, 6, 1],
    ],
    [
      [4, 6, 1],
      [4, 6, 5],
    ],
    [[4, 6, 5], [5]],
    [
      [4, 1, 5],
      [1, 6, 1],
    ],
    [
      [3, 4],
      [3, 4],
    ],
    [[3, 4], []],
    [[], [2, 3]],
    [
      [2, 1, 3, 1],
      [3, 4],
    ],
    [
      [0, 3],
      [1, 3],
    ],
  ];
  for (const [name, op] of Object.entries(ops)) {
    it(`${name} matches tfjs on broadcasts, equal shapes and scalars`, () => {
      expectSameAsOriginal(() =>
        shapePairs.map(([sa, sb], i) => op(randomFloats(sa, i), randomFloats(sb, i + 20))),
      );
    });
  }

  it("keeps NaN, Infinity and division by zero exactly as tfjs", () => {
    const { original, fast } = withAndWithoutFastKernels(() => {
      const a = tf.tensor3d([Number.NaN, 1, -1, 0, Number.POSITIVE_INFINITY, 2], [1, 2, 3]);
      const b = tf.tensor3d([0, 0], [1, 2, 1]);
      return [tf.div(a, b), tf.mul(a, b), tf.sub(a, b), tf.add(a, b)];
    });
    expect(fast).toEqual(original);
  });

  it("matches tfjs on int32 (delegated) and gives the same broadcast gradients", () => {
    expectSameAsOriginal(() => tf.mul(randomInts([3, 4], -5, 5, 1), randomInts([3, 1], -5, 5, 2)));
    expectSameAsOriginal(() => {
      const x = randomFloats([3, 5, 4], 3);
      const m = randomFloats([3, 5, 1], 4);
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.div(tf.sub(tf.mul(a, b), b), tf.add(tf.abs(b), 1)));
      return tf.grads(f)([x, m]);
    });
  });
});
