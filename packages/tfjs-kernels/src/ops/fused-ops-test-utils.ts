import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";

/**
 * Checks a fused op against its tfjs-op reference on the same inputs: the value, and the
 * gradient of a weighted sum of it (random weights, so every output counts differently) with
 * respect to every input, each to 1e-5 relative; and that neither leaves a tensor behind.
 */
export function expectSameAsReference(
  fused: (...inputs: tf.Tensor[]) => tf.Tensor,
  reference: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  seed: number,
): void {
  const weights = tf.tidy(() => tf.randomNormal(reference(...inputs).shape, 0, 1, "float32", seed));
  const run = (op: (...inputs: tf.Tensor[]) => tf.Tensor) => {
    const before = tf.memory().numTensors;
    const values = tf.tidy(() => {
      const value = Float32Array.from(op(...inputs).dataSync());
      const grads = tf
        .grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(op(...xs), weights)))(inputs)
        .map((g) => Float32Array.from(g.dataSync()));
      return { value, grads };
    });
    expect(tf.memory().numTensors, "tensors leaked").toBe(before);
    return values;
  };
  const ours = run(fused);
  const theirs = run(reference);
  expectClose(ours.value, theirs.value);
  expect(ours.grads.length).toBe(inputs.length);
  for (const [i, g] of ours.grads.entries()) expectClose(g, theirs.grads[i] as Float32Array);
  weights.dispose();
}
