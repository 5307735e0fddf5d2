import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, it } from "vitest";
import {
  expectSameAsOriginal,
  randomFloats,
  randomInts,
  useCpuBackend,
} from "./kernel-test-utils.js";

describe("fast Transpose and _FusedMatMul", () => {
  beforeAll(useCpuBackend);

  it("transpose matches tfjs for every permutation of a rank-3 tensor, rank 2 and 4, int32 and bool", () => {
    expectSameAsOriginal(() => {
      const x = randomFloats([3, 4, 5], 1);
      const perms = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
      ];
      return [
        ...perms.map((p) => tf.transpose(x, p)),
        tf.transpose(randomFloats([6, 7], 2)),
        tf.transpose(randomFloats([2, 3, 4, 5], 3), [3, 1, 0, 2]),
        tf.transpose(randomInts([3, 5], -9, 9, 4)),
        tf.cast(tf.transpose(tf.greater(randomFloats([4, 3], 5), 0)), "float32"),
        tf.transpose(tf.zeros([0, 3])),
      ];
    });
  });

  const activations = ["linear", "relu", "elu", "relu6", "sigmoid", "leakyrelu", "prelu"] as const;
  for (const activation of activations) {
    it(`fused matMul with bias and ${activation} matches tfjs, with its gradients`, () => {
      expectSameAsOriginal(() => {
        const a = randomFloats([6, 5], 10);
        const b = randomFloats([5, 4], 11);
        const bias = randomFloats([4], 12);
        const alpha = randomFloats([4], 13);
        const f = (x: tf.Tensor, y: tf.Tensor) =>
          tf.sum(
            tf.fused.matMul({
              a: x as tf.Tensor2D,
              b: y as tf.Tensor2D,
              bias,
              activation,
              ...(activation === "prelu" ? { preluActivationWeights: alpha } : {}),
              ...(activation === "leakyrelu" ? { leakyreluAlpha: 0.3 } : {}),
            }),
          );
        return [f(a, b), ...tf.grads(f)([a, b])];
      });
    });
  }

  it("fused matMul without bias or activation, with transposes and batches, matches tfjs", () => {
    expectSameAsOriginal(() => [
      tf.fused.matMul({
        a: randomFloats([5, 6], 20) as tf.Tensor2D,
        b: randomFloats([4, 5], 21) as tf.Tensor2D,
        transposeA: true,
        transposeB: true,
      }),
      tf.fused.matMul({
        a: randomFloats([2, 3, 4], 22) as tf.Tensor3D,
        b: randomFloats([2, 4, 5], 23) as tf.Tensor3D,
        bias: randomFloats([2, 1, 5], 24),
      }),
    ]);
  });
});
