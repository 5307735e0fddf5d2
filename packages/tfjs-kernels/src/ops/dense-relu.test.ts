import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import { denseRelu, denseReluReference } from "./dense-relu.js";

describe("denseRelu", () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [7, 5, 3],
    [64, 40, 33],
    // dy of >= MIN_ORT_ELEMENTS: with onnxruntime, the backward is one onnxruntime graph
    [160, 40, 33],
  ];
  for (const [k, [n, depth, width]] of shapes.entries()) {
    for (const fast of [false, "js", "onnxruntime"] as const) {
      it(`equals relu(x @ w + b) as tfjs ops, value and gradients (x [${n}, ${depth}], w [${depth}, ${width}]${fast ? `, fast kernels: ${fast}` : ""})`, () => {
        const x = tf.randomNormal([n, depth], 0, 1, "float32", k + 1) as tf.Tensor2D;
        const w = tf.randomNormal([depth, width], 0, 0.5, "float32", k + 2) as tf.Tensor2D;
        // a spread bias, so some outputs are negative and the mask matters
        const b = tf.randomNormal([width], 0, 1, "float32", k + 3);
        // (onnxruntime: every product through it; without onnxruntime-node this is the JS path)
        if (fast) registerFastCpuKernels({ onnxruntime: fast === "onnxruntime", minOnnxMacs: 0 });
        try {
          expectSameAsReference(
            (a, c, d) => denseRelu(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor),
            (a, c, d) => denseReluReference(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor),
            [x, w, b],
            60 + k,
          );
        } finally {
          if (fast) unregisterFastCpuKernels();
        }
        tf.dispose([x, w, b]);
      });
    }
  }

  it("rejects mismatched shapes, naming them", () => {
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    const w = tf.zeros([4, 2]) as tf.Tensor2D;
    const b = tf.zeros([2]);
    expect(() => denseRelu(x, w, b)).toThrow(
      expect.objectContaining({ code: "INVALID_ATTRIBUTE", where: "denseRelu" }),
    );
    tf.dispose([x, w, b]);
  });
});
