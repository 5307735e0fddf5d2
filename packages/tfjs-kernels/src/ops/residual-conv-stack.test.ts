import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../kernels/register.js";
import { denseRelu } from "./dense-relu.js";
import { depthwiseConv1d } from "./depthwise-conv1d.js";
import {
  type ResidualConvBlock,
  residualConvStack,
  residualConvStackReference,
} from "./residual-conv-stack.js";
import { residualLayerNorm } from "./residual-layer-norm.js";

/** Three blocks of width `c` with dilations 1, 2, 4 (a conv token encoder's shape). */
function blocksOf(c: number, seed: number, dilations = [1, 2, 4]): ResidualConvBlock[] {
  return dilations.map((dilation, i) => ({
    depthwise: tf.randomNormal([3, c], 0, 0.6, "float32", seed + 10 * i),
    dilation,
    kernel: tf.randomNormal([c, c], 0, 1 / Math.sqrt(c), "float32", seed + 10 * i + 1),
    bias: tf.randomNormal([c], 0, 0.1, "float32", seed + 10 * i + 2),
    gamma: tf.randomNormal([c], 1, 0.2, "float32", seed + 10 * i + 3),
    beta: tf.randomNormal([c], 0, 0.2, "float32", seed + 10 * i + 4),
  }));
}

/** [B, T, 1] mask of rows before each batch row's length (padding after it, as batches have). */
function maskOf(lengths: number[], time: number): tf.Tensor3D {
  const values = new Float32Array(lengths.length * time);
  for (const [b, n] of lengths.entries()) values.fill(1, b * time, b * time + n);
  return tf.tensor3d(values, [lengths.length, time, 1]);
}

/** The block loop as the conv token encoder wrote it before this op (the training path). */
function blockByBlock(x: tf.Tensor3D, blocks: ResidualConvBlock[], mask?: tf.Tensor): tf.Tensor3D {
  const [b, t, c] = x.shape;
  let y = x;
  for (const block of blocks) {
    const conv = tf.reshape(
      denseRelu(
        tf.reshape(depthwiseConv1d(y, block.depthwise as tf.Tensor2D, block.dilation), [
          b * t,
          c,
        ]) as tf.Tensor2D,
        block.kernel as tf.Tensor2D,
        block.bias,
      ),
      [b, t, c],
    );
    y = residualLayerNorm(y, conv, block.gamma, block.beta, mask, 1e-5);
  }
  return y;
}

const valuesOf = (op: () => tf.Tensor) => tf.tidy(() => Float32Array.from(op().dataSync()));

describe.each([
  ["onnxruntime", true],
  ["JS fallback", false],
] as const)("residualConvStack (%s)", (_label, onnxruntime) => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });
  afterEach(unregisterFastCpuKernels);

  it("matches the block-by-block ops forward (masked padding, T shorter than the widest reach) and leaks nothing", () => {
    registerFastCpuKernels({ onnxruntime, threads: 2 });
    for (const [seed, [lengths, time, c]] of (
      [
        [[9, 5, 0], 9, 16],
        [[3, 1], 3, 8],
        [[40, 33, 17, 40], 40, 64],
      ] as Array<[number[], number, number]>
    ).entries()) {
      const blocks = blocksOf(c, seed * 100);
      const mask = maskOf(lengths, time);
      const x = tf.mul(tf.randomNormal([lengths.length, time, c], 0, 1, "float32", seed), mask);
      const before = tf.memory().numTensors;
      const fused = valuesOf(() => residualConvStack(x as tf.Tensor3D, blocks, mask));
      expect(tf.memory().numTensors, "tensors leaked").toBe(before);
      const ops = valuesOf(() => blockByBlock(x as tf.Tensor3D, blocks, mask));
      // onnxruntime rounds each step to float32 (the ops keep sums in float64): measured ~2e-7
      expectClose(fused, ops, onnxruntime ? 1e-6 : 0);
      // padding rows stay exactly zero
      const padding = maskOf(lengths, time).dataSync();
      for (let r = 0; r < padding.length; r++) {
        if (padding[r] === 0)
          expect(fused.subarray(r * c, (r + 1) * c).every((v) => v === 0)).toBe(true);
      }
      tf.dispose([
        x,
        mask,
        ...blocks.flatMap((b) => [b.depthwise, b.kernel, b.bias, b.gamma, b.beta]),
      ]);
    }
  });

  it("without a mask, and one block of 5 taps", () => {
    registerFastCpuKernels({ onnxruntime, threads: 2 });
    const blocks = blocksOf(12, 7, [3]).map((b) => ({
      ...b,
      depthwise: tf.randomNormal([5, 12], 0, 0.5, "float32", 8),
    }));
    const x = tf.randomNormal([2, 11, 12], 0, 1, "float32", 9) as tf.Tensor3D;
    const fused = valuesOf(() => residualConvStack(x, blocks));
    expectClose(
      fused,
      valuesOf(() => blockByBlock(x, blocks)),
      onnxruntime ? 1e-6 : 0,
    );
  });

  it("with an input projection: relu(x @ kernel + bias) * mask first, as denseRelu and a product give it", () => {
    registerFastCpuKernels({ onnxruntime, threads: 2 });
    const blocks = blocksOf(16, 40);
    const projection = {
      kernel: tf.randomNormal([24, 16], 0, 0.2, "float32", 41),
      bias: tf.randomNormal([16], 0, 0.1, "float32", 42),
    };
    const mask = maskOf([30, 12, 25], 30);
    const x = tf.randomNormal([3, 30, 24], 0, 1, "float32", 43) as tf.Tensor3D;
    const entered = () =>
      tf.mul(
        tf.reshape(
          denseRelu(
            tf.reshape(x, [90, 24]) as tf.Tensor2D,
            projection.kernel as tf.Tensor2D,
            projection.bias,
          ),
          [3, 30, 16],
        ),
        mask,
      ) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const fused = valuesOf(() => residualConvStack(x, blocks, mask, 1e-5, projection));
    expect(tf.memory().numTensors, "tensors leaked").toBe(before);
    expectClose(
      fused,
      valuesOf(() => blockByBlock(entered(), blocks, mask)),
      onnxruntime ? 1e-6 : 0,
    );
    expect(valuesOf(() => residualConvStack(x, [], mask, 1e-5, projection))).toEqual(
      valuesOf(entered),
    );
    expect(() =>
      residualConvStack(x, blocks, mask, 1e-5, { ...projection, kernel: tf.zeros([16, 16]) }),
    ).toThrow(/projection kernel must be \[24, C\]/);
  });

  it("is the block-by-block ops bit for bit under a gradient tape, and differentiates", () => {
    registerFastCpuKernels({ onnxruntime, threads: 2 });
    const blocks = blocksOf(8, 300);
    const mask = maskOf([6, 4], 6);
    const x = tf.mul(tf.randomNormal([2, 6, 8], 0, 1, "float32", 3), mask) as tf.Tensor3D;
    const weights = tf.randomNormal([2, 6, 8], 0, 1, "float32", 4);
    const gradsOf = (op: typeof residualConvStack) =>
      tf.tidy(() => {
        let value: Float32Array | undefined;
        const grads = tf.grads((t: tf.Tensor, k: tf.Tensor) => {
          const withKernel = blocks.map((b, i) => (i === 1 ? { ...b, kernel: k } : b));
          const y = op(t as tf.Tensor3D, withKernel, mask);
          value = Float32Array.from(y.dataSync());
          return tf.sum(tf.mul(y, weights));
        })([x, blocks[1]?.kernel as tf.Tensor]);
        return {
          value: value as Float32Array,
          grads: grads.map((g) => Float32Array.from(g.dataSync())),
        };
      });
    const ours = gradsOf(residualConvStack);
    const reference = gradsOf(residualConvStackReference);
    expect(ours.value).toEqual(reference.value);
    expect(ours.grads).toEqual(reference.grads);
    expect(ours.grads[0]?.some((v) => v !== 0)).toBe(true);
  });

  it(onnxruntime ? "runs as one onnxruntime call (no tfjs kernel)" : "runs the ops", async () => {
    registerFastCpuKernels({ onnxruntime, threads: 2 });
    const blocks = blocksOf(8, 5);
    const x = tf.randomNormal([2, 5, 8], 0, 1, "float32", 6) as tf.Tensor3D;
    const profile = await tf.profile(() => residualConvStack(x, blocks, maskOf([5, 3], 5)));
    const kernels = profile.kernels.map((k) => k.name);
    if (onnxruntime) expect(kernels).toEqual([]);
    else expect(kernels).toContain("_FusedMatMul");
    tf.dispose(profile.result as tf.Tensor);
  });

  it("rejects mismatched shapes with a typed error", () => {
    const x = tf.zeros([1, 4, 8]) as tf.Tensor3D;
    const [block] = blocksOf(8, 1, [1]) as [ResidualConvBlock];
    expect(() => residualConvStack(x, [{ ...block, kernel: tf.zeros([8, 4]) }])).toThrow(
      /kernel must be \[8, 8\]/,
    );
    expect(() => residualConvStack(x, [{ ...block, depthwise: tf.zeros([2, 8]) }])).toThrow(
      /odd K/,
    );
    expect(() => residualConvStack(x, [{ ...block, dilation: 0 }])).toThrow(/dilation/);
    expect(() => residualConvStack(x, [block], tf.ones([1, 3, 1]))).toThrow(/rowMask/);
  });
});
