import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { gatherRows } from "../ops/gather-rows.js";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "./register.js";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
  withAndWithoutFastKernels,
} from "./kernel-test-utils.js";

describe("fast ScatterNd", () => {
  beforeAll(useCpuBackend);

  const cases: Array<{ updates: number; index: number[]; inner: number[]; label: string }> = [
    { updates: 1, index: [5], inner: [], label: "one scalar" },
    { updates: 40, index: [7], inner: [], label: "scalars, repeated indices" },
    { updates: 300, index: [50], inner: [64], label: "embedding-gradient rows" },
    { updates: 30, index: [4, 6], inner: [3], label: "2-D indices into [4, 6, 3]" },
    { updates: 12, index: [3, 2, 5], inner: [], label: "3-D indices, scalar slices" },
  ];
  for (const [seed, { updates, index, inner, label }] of cases.entries()) {
    it(`equals tfjs's kernel bit for bit: ${label}`, () => {
      const { original, fast } = withAndWithoutFastKernels(() => {
        const ids = tf.stack(
          index.map((size, axis) => randomInts([updates], 0, size, seed * 10 + axis)),
          1,
        );
        return tf.scatterND(ids, randomFloats([updates, ...inner], seed), [...index, ...inner]);
      });
      expect(Array.from(fast[0] as Float32Array)).toEqual(Array.from(original[0] as Float32Array));
    });
  }

  it("hands int32 updates and empty outputs to tfjs, and reports tfjs's error for a bad index", () => {
    expectSameAsOriginal(() =>
      tf.scatterND(
        tf.tensor2d([[1], [1], [3]], [3, 1], "int32"),
        tf.tensor1d([1, 2, 3], "int32"),
        [4],
      ),
    );
    expectSameAsOriginal(() => tf.scatterND(tf.zeros([0, 1], "int32"), tf.zeros([0, 0]), [3, 0]));
    const ids = tf.tensor2d([[0], [9]], [2, 1], "int32");
    const values = tf.ones([2, 2]);
    const message = (() => {
      try {
        tf.scatterND(ids, values, [4, 2]).dispose();
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message).toMatch(/Invalid indices: 9 does not index into 4,2/);
    registerFastCpuKernels({ onnxruntime: false });
    try {
      expect(() => tf.scatterND(ids, values, [4, 2])).toThrow(message);
    } finally {
      unregisterFastCpuKernels();
    }
    tf.dispose([ids, values]);
  });

  it("gives gatherRows's gradient (an embedding table's) as tfjs's kernel does", () => {
    const { original, fast } = withAndWithoutFastKernels(() => {
      const table = randomFloats([30, 16], 3);
      const ids = randomInts([80], 0, 30, 4) as tf.Tensor1D;
      return tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(gatherRows(t, ids), randomFloats([80, 16], 5))),
      )(table);
    });
    expect(Array.from(fast[0] as Float32Array)).toEqual(Array.from(original[0] as Float32Array));
  });
});
