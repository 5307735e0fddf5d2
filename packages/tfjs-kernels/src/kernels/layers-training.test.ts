import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectClose, useCpuBackend } from "./kernel-test-utils.js";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "./register.js";

/** Trains a seeded embedding -> conv1d -> dense model for two steps; returns its weights. */
async function trainedWeights(): Promise<Float32Array[]> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.embedding({
        inputDim: 50,
        outputDim: 8,
        inputLength: 12,
        embeddingsInitializer: tfl.initializers.randomUniform({
          minval: -0.1,
          maxval: 0.1,
          seed: 1,
        }),
      }),
      tfl.layers.conv1d({
        filters: 6,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      }),
      tfl.layers.globalMaxPooling1d(),
      tfl.layers.dense({
        units: 4,
        activation: "softmax",
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
      }),
    ],
  });
  const optimizer = tf.train.sgd(0.5);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const x = tf.randomUniform([10, 12], 0, 50, "int32", 4);
  const y = tf.oneHot(tf.randomUniform([10], 0, 4, "int32", 5) as tf.Tensor1D, 4);
  await model.trainOnBatch(x, y);
  await model.trainOnBatch(x, y);
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  model.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  return weights;
}

describe("a tfjs-layers embedding + conv1d + dense model", () => {
  beforeAll(useCpuBackend);
  afterEach(unregisterFastCpuKernels);

  it("trains to the same weights with the fast kernels as with tfjs's, without leaking tensors", async () => {
    unregisterFastCpuKernels();
    const start = tf.memory().numTensors;
    const original = await trainedWeights();
    const leftByTfjs = tf.memory().numTensors - start;
    registerFastCpuKernels();
    const before = tf.memory().numTensors;
    const fast = await trainedWeights();
    // tfjs-layers keeps a few tensors of its own per model; the fast kernels add none.
    expect(tf.memory().numTensors - before).toBe(leftByTfjs);
    expect(fast.length).toBe(original.length);
    for (const [i, w] of original.entries()) expectClose(fast[i] as Float32Array, w);
  });
});
