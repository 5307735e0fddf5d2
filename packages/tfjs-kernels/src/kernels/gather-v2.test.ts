import * as tf from "@tensorflow/tfjs-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  randomFloats,
  randomInts,
  useCpuBackend,
  withAndWithoutFastKernels,
} from "./kernel-test-utils.js";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "./register.js";

/** Gather is a copy: the fast kernel must give tfjs's values bit for bit, and its shapes. */
function expectIdentical(compute: () => tf.Tensor[]): void {
  const { original, fast } = withAndWithoutFastKernels(compute);
  expect(fast).toEqual(original);
}

/** tfjs's error message for `attempt`, then the fast kernel's (both run inside tidy). */
function messages(attempt: () => tf.Tensor): { original: string; fast: string } {
  const messageOf = () => {
    try {
      tf.tidy(() => attempt().dataSync());
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };
  unregisterFastCpuKernels();
  const original = messageOf();
  registerFastCpuKernels({ onnxruntime: false });
  const fast = messageOf();
  unregisterFastCpuKernels();
  return { original, fast };
}

const ids = (values: number[], shape?: number[]) => tf.tensor(values, shape, "int32");

describe("fast GatherV2", () => {
  beforeAll(useCpuBackend);
  afterEach(unregisterFastCpuKernels);

  it("matches tfjs on rank 1-4 inputs along every axis, with rank 1-3 indices", () => {
    expectIdentical(() => {
      const v = randomFloats([10], 1);
      const m = randomFloats([7, 5], 2);
      const c = randomFloats([4, 6, 3], 3);
      const q = randomFloats([3, 4, 5, 2], 4);
      return [
        tf.gather(v, randomInts([6], 0, 10, 5)),
        tf.gather(v, randomInts([2, 3], 0, 10, 6)),
        tf.gather(m, randomInts([9], 0, 7, 7)),
        tf.gather(m, randomInts([2, 2, 2], 0, 5, 8), 1),
        tf.gather(m, randomInts([3], 0, 5, 9), -1),
        tf.gather(c, randomInts([5], 0, 4, 10), 0),
        tf.gather(c, randomInts([2, 4], 0, 6, 11), 1),
        tf.gather(c, randomInts([4], 0, 3, 12), 2),
        ...[0, 1, 2, 3].map((axis) =>
          tf.gather(q, randomInts([2, 3], 0, q.shape[axis] as number, 13 + axis), axis),
        ),
        tf.gather(q, randomInts([7], 0, 5, 17), -2),
      ];
    });
  });

  it("matches tfjs for row widths on both sides of the set(subarray) threshold", () => {
    expectIdentical(() =>
      [1, 2, 23, 24, 25, 64, 768].flatMap((width, i) => {
        const table = randomFloats([40, width], 20 + i);
        return [
          tf.gather(table, randomInts([33], 0, 40, 30 + i)),
          tf.gather(table, ids([39, 0, 39, 0, 17])),
        ];
      }),
    );
  });

  it("matches tfjs with batchDims 1 and 2, and negative axis", () => {
    expectIdentical(() => {
      const x = randomFloats([3, 5, 6], 40);
      const y = randomFloats([3, 4, 5, 6], 41);
      return [
        tf.gather(x, randomInts([3, 4], 0, 5, 42), 1, 1),
        tf.gather(x, randomInts([3, 2, 2], 0, 6, 43), 2, 1),
        tf.gather(x, randomInts([3, 7], 0, 6, 44), -1, 1),
        tf.gather(y, randomInts([3, 4, 3], 0, 5, 45), 2, 2),
        tf.gather(y, randomInts([3, 4, 2], 0, 6, 46), 3, 2),
        tf.gather(y, randomInts([3, 2], 0, 4, 47), 1, 1),
      ];
    });
  });

  it("keeps int32 and bool values and dtypes", () => {
    expectIdentical(() => [
      tf.gather(randomInts([9, 30], -1000000, 1000000, 50), randomInts([12], 0, 9, 51)),
      tf.gather(randomInts([9, 3], -9, 9, 52), randomInts([4], 0, 3, 53), 1),
      tf.gather(tf.tensor([true, false, true, true], [2, 2], "bool"), ids([1, 1, 0])),
    ]);
    registerFastCpuKernels({ onnxruntime: false });
    tf.tidy(() => {
      expect(tf.gather(tf.tensor([1, 2, 3], [3], "int32"), ids([2])).dtype).toBe("int32");
      expect(tf.gather(tf.tensor([true, false], [2], "bool"), ids([1])).dtype).toBe("bool");
    });
  });

  it("matches tfjs for empty indices and empty slices", () => {
    expectIdentical(() => {
      const x = randomFloats([5, 4], 60);
      return [
        tf.gather(x, ids([])),
        tf.gather(x, ids([], [2, 0]), 1),
        tf.gather(tf.zeros([5, 0]), ids([4, 1])),
        tf.gather(tf.zeros([0, 3]), ids([2, 0]), 1),
        tf.gather(randomFloats([3, 5], 61), ids([], [3, 0]), 1, 1),
      ];
    });
  });

  it("throws tfjs's error, naming the first index out of range, negative or too large", () => {
    const x = () => tf.ones([3, 2]);
    const cases: Array<[() => tf.Tensor, string]> = [
      [() => tf.gather(x(), ids([0, 3])), "GatherV2: the index value 3 is not in [0, 2]"],
      [() => tf.gather(x(), ids([-1, 1])), "GatherV2: the index value -1 is not in [0, 2]"],
      [() => tf.gather(x(), ids([1, 2, 0]), 1), "GatherV2: the index value 2 is not in [0, 1]"],
      [() => tf.gather(x(), ids([0, 7, -2])), "GatherV2: the index value 7 is not in [0, 2]"],
      [() => tf.gather(x(), ids([0, 1, 4, 0], [2, 2]), 1, 1), "index value 4 is not in [0, 1]"],
      // No element is copied when the outer size is 0, yet tfjs still checks the indices.
      [() => tf.gather(tf.zeros([0, 3]), ids([5]), 1), "the index value 5 is not in [0, 2]"],
    ];
    for (const [attempt, expected] of cases) {
      const { original, fast } = messages(attempt);
      expect(original).toContain(expected);
      expect(fast).toBe(original);
    }
  });

  it("gives tfjs's gradients through gather (axis 0 with repeats and rows of 32, axis 1, batchDims 1)", () => {
    expectIdentical(() => {
      const table = randomFloats([6, 32], 70);
      const x = randomFloats([3, 5, 4], 71);
      const weights = randomFloats([5, 32], 72);
      const rows = ids([0, 5, 5, 2, 0]);
      return [
        tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(tf.gather(t, rows)), weights)))(table),
        tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, ids([4, 0, 4]), 1))))(x),
        tf.grad((t: tf.Tensor) =>
          tf.sum(tf.exp(tf.gather(t, ids([1, 1, 0, 3, 2, 4], [3, 2]), 1, 1))),
        )(x),
      ];
    });
  });
});
