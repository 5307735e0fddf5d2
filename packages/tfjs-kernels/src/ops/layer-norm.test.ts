import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import { layerNorm, layerNormReference } from "./layer-norm.js";

describe("layerNorm", () => {
  const shapes = [[7], [5, 3], [2, 9, 16], [3, 4, 5, 64]];
  for (const [k, shape] of shapes.entries()) {
    it(`equals the tfjs-op layer norm, value and gradients (x [${shape}])`, () => {
      const width = shape[shape.length - 1] as number;
      // an offset and a spread per row, so mean and variance both matter
      const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, "float32", k + 1), 3), 2));
      const gamma = tf.randomNormal([width], 1, 0.5, "float32", 10 + k);
      const beta = tf.randomNormal([width], 0, 0.5, "float32", 20 + k);
      for (const epsilon of [1e-5, 0.1]) {
        expectSameAsReference(
          (a, g, b) => layerNorm(a as tf.Tensor, g as tf.Tensor, b as tf.Tensor, epsilon),
          (a, g, b) => layerNormReference(a as tf.Tensor, g as tf.Tensor, b as tf.Tensor, epsilon),
          [x, gamma, beta],
          30 + k,
        );
      }
      tf.dispose([x, gamma, beta]);
    });
  }

  it("rejects gamma or beta of another width, naming the shapes", () => {
    const x = tf.zeros([2, 4]);
    const ok = tf.ones([4]);
    const bad = tf.ones([3]);
    expect(() => layerNorm(x, bad, ok)).toThrow(
      expect.objectContaining({ code: "INVALID_ATTRIBUTE", where: "layerNorm" }),
    );
    expect(() => layerNorm(x, ok, bad)).toThrow(/gamma and beta must have the last axis's size 4/);
    tf.dispose([x, ok, bad]);
  });
});
