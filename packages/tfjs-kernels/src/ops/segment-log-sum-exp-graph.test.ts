import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { MIN_GRAPH_ELEMENTS } from "./segment-log-sum-exp-graph.js";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import { segmentLogSumExp, segmentLogSumExpReference } from "./segment-log-sum-exp.js";

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

describe("segmentLogSumExp while a gradient is recorded, as onnxruntime graphs", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });
  afterEach(unregisterFastCpuKernels);

  const shapes: [number, number, number, number][] = [
    [8, 160, 64, 12],
    [3, 400, 32, 20],
  ];
  for (const [seed, [batch, rows, width, segments]] of shapes.entries()) {
    it(`value and gradient equal the tfjs ops and the host passes (x [${batch}, ${rows}, ${width}], ${segments} segments)`, () => {
      expect(batch * rows * width).toBeGreaterThanOrEqual(MIN_GRAPH_ELEMENTS);
      const x = tf.randomNormal([batch, rows, width], 0, 2, "float32", seed) as tf.Tensor3D;
      const ids = sentenceIds(batch, rows, segments, seed);
      const weights = tf.randomNormal([batch, segments, width], 0, 1, "float32", seed + 9);
      const valueAndGrad = () => {
        const before = tf.memory().numTensors;
        const out = tf.tidy(() => {
          const { value, grads } = tf.valueAndGrads((a: tf.Tensor) =>
            tf.sum(tf.mul(segmentLogSumExp(a as tf.Tensor3D, ids, segments), weights)),
          )([x]);
          const pooled = Float32Array.from(segmentLogSumExp(x, ids, segments).dataSync());
          return {
            loss: value.dataSync()[0] as number,
            pooled,
            grad: Float32Array.from((grads[0] as tf.Tensor).dataSync()),
          };
        });
        expect(tf.memory().numTensors, "tensors leaked").toBe(before);
        return out;
      };
      registerFastCpuKernels({ onnxruntime: false });
      const host = valueAndGrad();
      registerFastCpuKernels({ onnxruntime: true, threads: 2 });
      const graph = valueAndGrad();
      expect(graph.grad).not.toEqual(host.grad); // onnxruntime ran (float32 sums differ somewhere)
      expectClose(graph.pooled, host.pooled, 1e-6);
      expectClose(graph.grad, host.grad, 1e-5);
      expect(graph.loss).toBeCloseTo(host.loss, 3);
      // and against tfjs's own ops, value and gradient, 1e-5 relative
      expectSameAsReference(
        (a) => segmentLogSumExp(a as tf.Tensor3D, ids, segments),
        (a) => segmentLogSumExpReference(a as tf.Tensor3D, ids, segments),
        [x],
        seed + 20,
      );
      tf.dispose([x, weights]);
    });
  }

  it("sends the shift's gradient to every tied max and to maxima outside every segment", () => {
    // a large input with ties at the max and the max in padding rows (id -1)
    const [batch, rows, width, segments] = [2, 300, 64, 5];
    const values = tf.tidy(() =>
      Float32Array.from(
        tf.round(tf.randomNormal([batch, rows, width], 0, 2, "float32", 3)).dataSync(),
      ),
    );
    for (let h = 0; h < width; h++) values[(rows - 1) * width + h] = 9; // padding row holds the max
    const x = tf.tensor3d(values, [batch, rows, width]);
    const ids = sentenceIds(batch, rows, segments, 1);
    expect(ids[rows - 1]).toBe(-1);
    registerFastCpuKernels({ onnxruntime: true, threads: 1 });
    expectSameAsReference(
      (a) => segmentLogSumExp(a as tf.Tensor3D, ids, segments),
      (a) => segmentLogSumExpReference(a as tf.Tensor3D, ids, segments),
      [x],
      4,
    );
    x.dispose();
  });
});
