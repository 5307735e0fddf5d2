import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import { layerNorm } from "./layer-norm.js";
import { residualLayerNorm, residualLayerNormReference } from "./residual-layer-norm.js";

/** x, residual, gamma, beta and a 0/1 row mask (last rows padding) for shape `shape`. */
function inputs(shape: number[], seed: number) {
  const width = shape[shape.length - 1] as number;
  const rowShape = [...shape.slice(0, -1), 1];
  const rows = rowShape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tidy(() => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, "float32", seed), 3), 2)),
    residual: tf.randomNormal(shape, 0, 1, "float32", seed + 1),
    gamma: tf.randomNormal([width], 1, 0.5, "float32", seed + 2),
    beta: tf.randomNormal([width], 0, 0.5, "float32", seed + 3),
    mask: tf.tensor(
      Float32Array.from({ length: rows }, (_, r) => (r < Math.ceil(rows * 0.7) ? 1 : 0)),
      rowShape,
    ),
  };
}

describe("residualLayerNorm", () => {
  const shapes = [
    [5, 3],
    [2, 9, 16],
    [3, 4, 5, 64],
  ];
  for (const [k, shape] of shapes.entries()) {
    it(`equals add + layer norm + row mask as tfjs ops, value and gradients (x [${shape}])`, () => {
      const { x, residual, gamma, beta, mask } = inputs(shape, 10 * k + 1);
      for (const rowMask of [mask, undefined]) {
        expectSameAsReference(
          (a, r, g, b) =>
            residualLayerNorm(
              a as tf.Tensor,
              r as tf.Tensor,
              g as tf.Tensor,
              b as tf.Tensor,
              rowMask,
            ),
          (a, r, g, b) =>
            residualLayerNormReference(
              a as tf.Tensor,
              r as tf.Tensor,
              g as tf.Tensor,
              b as tf.Tensor,
              rowMask,
            ),
          [x, residual, gamma, beta],
          40 + k,
        );
      }
      tf.dispose([x, residual, gamma, beta, mask]);
    });
  }

  // >= MIN_ORT_ELEMENTS: with onnxruntime in force, both passes are onnxruntime graphs while a
  // gradient is recorded; with the JS kernels only (the fallback), the host passes
  for (const fast of ["onnxruntime", "js"] as const) {
    for (const [k, shape] of [
      [3, 40, 64],
      [120, 48],
    ].entries()) {
      it(`equals the tfjs ops with the fast kernels (${fast}), value and gradients (x [${shape}])`, () => {
        const { x, residual, gamma, beta, mask } = inputs(shape, 20 * k + 3);
        registerFastCpuKernels({ onnxruntime: fast === "onnxruntime", threads: 2 });
        try {
          for (const rowMask of [mask, undefined]) {
            expectSameAsReference(
              (a, r, g, b) =>
                residualLayerNorm(a, r as tf.Tensor, g as tf.Tensor, b as tf.Tensor, rowMask),
              (a, r, g, b) =>
                residualLayerNormReference(
                  a,
                  r as tf.Tensor,
                  g as tf.Tensor,
                  b as tf.Tensor,
                  rowMask,
                ),
              [x, residual, gamma, beta],
              70 + k,
            );
          }
        } finally {
          unregisterFastCpuKernels();
        }
        tf.dispose([x, residual, gamma, beta, mask]);
      });
    }
  }

  it("gives the same numbers, bit for bit, as tf.add, the fused layerNorm and tf.mul", () => {
    const { x, residual, gamma, beta, mask } = inputs([3, 7, 32], 5);
    const weights = tf.randomNormal([3, 7, 32], 0, 1, "float32", 9);
    const run = (op: (a: tf.Tensor, r: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      tf.tidy(() =>
        [
          op(x, residual, gamma, beta),
          ...tf.grads((a, r, g, b) =>
            tf.sum(
              tf.mul(op(a as tf.Tensor, r as tf.Tensor, g as tf.Tensor, b as tf.Tensor), weights),
            ),
          )([x, residual, gamma, beta]),
        ].map((t) => Array.from(t.dataSync())),
      );
    const fused = run((a, r, g, b) => residualLayerNorm(a, r, g, b, mask));
    const composed = run((a, r, g, b) => tf.mul(layerNorm(tf.add(a, r), g, b), mask));
    expect(fused).toEqual(composed);
    tf.dispose([x, residual, gamma, beta, mask, weights]);
  });

  it("rejects a residual, gamma or mask of another shape, naming the shapes", () => {
    const x = tf.zeros([2, 4]);
    const ok = tf.ones([4]);
    const wrong = tf.ones([2, 3]);
    const mask = tf.ones([2, 1]);
    const badMask = tf.ones([2, 4]);
    const three = tf.ones([3]);
    const code = expect.objectContaining({ code: "INVALID_ATTRIBUTE", where: "residualLayerNorm" });
    expect(() => residualLayerNorm(x, wrong, ok, ok, mask)).toThrow(code);
    expect(() => residualLayerNorm(x, x, three, ok, mask)).toThrow(/last axis's size 4/);
    expect(() => residualLayerNorm(x, x, ok, ok, badMask)).toThrow(/one value per row/);
    tf.dispose([x, ok, wrong, mask, badMask, three]);
  });
});
