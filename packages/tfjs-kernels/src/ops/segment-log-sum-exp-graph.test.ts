import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { MIN_GRAPH_ELEMENTS } from "./segment-log-sum-exp-graph.js";
import { segmentLogSumExp } from "./segment-log-sum-exp.js";

/** Token-to-sentence ids of a padded batch: runs of sentences, then padding (-1). */
function sentenceIds(batch: number, rows: number, segments: number, seed: number): Int32Array {
  const ids = new Int32Array(batch * rows).fill(-1);
  for (let b = 0; b < batch; b++) {
    const length = rows - ((b * 37 + seed) % (rows / 2)); // padding after each row's tokens
    const used = b === 1 ? segments - 1 : segments; // batch row 1 leaves its last segment empty
    for (let n = 0; n < length; n++) ids[b * rows + n] = Math.floor((n * used) / length);
  }
  return ids;
}

describe("segmentLogSumExp outside gradient recording, as an onnxruntime graph", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });
  afterEach(unregisterFastCpuKernels);

  it("matches the host pass to float32 rounding on sentence-pooling shapes and leaks nothing", () => {
    for (const [seed, [batch, rows, width, segments]] of [
      [8, 160, 64, 12],
      [3, 400, 32, 20],
    ].entries()) {
      const size = (batch as number) * (rows as number) * (width as number);
      expect(size).toBeGreaterThanOrEqual(MIN_GRAPH_ELEMENTS);
      const x = tf.randomNormal([batch, rows, width] as number[], 0, 2, "float32", seed);
      const ids = sentenceIds(batch as number, rows as number, segments as number, seed);
      const pooled = () =>
        tf.tidy(() =>
          Float32Array.from(segmentLogSumExp(x as tf.Tensor3D, ids, segments as number).dataSync()),
        );
      registerFastCpuKernels({ onnxruntime: false });
      const host = pooled();
      registerFastCpuKernels({ onnxruntime: true, threads: 2 });
      const before = tf.memory().numTensors;
      const graph = pooled();
      expect(tf.memory().numTensors, "tensors leaked").toBe(before);
      expect(graph).not.toEqual(host); // a different engine ran (float32 rounding differs somewhere)
      expectClose(graph, host, 1e-6);
      x.dispose();
    }
  });
});
