import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  onnxRuntimeInForce,
  registerFastCpuKernels,
  unregisterFastCpuKernels,
} from "../kernels/register.js";
import { residualConvStackTrained } from "./conv-stack-training.js";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import { type ResidualConvBlock, residualConvStackReference } from "./residual-conv-stack.js";

/** Random blocks for x [B, T, C]: K taps, one block per dilation. */
function randomBlocks(channels: number, taps: number, dilations: number[], seed: number) {
  return dilations.map((dilation, i) => ({
    depthwise: tf.randomNormal([taps, channels], 0, 0.7, "float32", seed + 10 * i),
    dilation,
    kernel: tf.randomNormal([channels, channels], 0, 0.3, "float32", seed + 10 * i + 1),
    // spread biases: some pre-activations negative, so the relu mask matters
    bias: tf.randomNormal([channels], 0, 0.5, "float32", seed + 10 * i + 2),
    gamma: tf.randomNormal([channels], 1, 0.3, "float32", seed + 10 * i + 3),
    beta: tf.randomNormal([channels], 0, 0.3, "float32", seed + 10 * i + 4),
  }));
}

const PARAMS = ["depthwise", "kernel", "bias", "gamma", "beta"] as const;

/** The blocks with their tensors replaced, in PARAMS order, by `tensors`. */
function withTensors(blocks: ResidualConvBlock[], tensors: tf.Tensor[]): ResidualConvBlock[] {
  return blocks.map((block, i) => {
    const next = { ...block };
    PARAMS.forEach((name, k) => {
      next[name] = tensors[i * PARAMS.length + k] as tf.Tensor;
    });
    return next;
  });
}

describe("residualConvStackTrained (the recorded stack as two onnxruntime graphs)", () => {
  const cases = [
    { x: [2, 40, 64], taps: 3, dilations: [1, 2, 4] },
    { x: [3, 30, 16], taps: 5, dilations: [1, 3] },
    { x: [2, 9, 8], taps: 1, dilations: [1] },
    // a dilation past the sequence: only the centre tap reads inside it
    { x: [2, 6, 8], taps: 3, dilations: [7, 1] },
  ];
  for (const [k, { x: shape, taps, dilations }] of cases.entries()) {
    for (const masked of [true, false]) {
      it(`equals the ops block by block, value and gradients of x and every block tensor (x [${shape}], K ${taps}, dilations ${dilations}${masked ? ", row mask" : ""})`, () => {
        const [batch, time, channels] = shape as [number, number, number];
        const x = tf.randomNormal(shape, 0, 1, "float32", 100 + k);
        const blocks = randomBlocks(channels, taps, dilations, 200 + 50 * k);
        const rows = batch * time;
        const mask = masked
          ? tf.tensor(
              Float32Array.from({ length: rows }, (_, r) => (r % time < time - 2 ? 1 : 0)),
              [batch, time, 1],
            )
          : undefined;
        registerFastCpuKernels({ onnxruntime: true, threads: 2 });
        try {
          const runtime = onnxRuntimeInForce();
          expect(runtime).not.toBeNull();
          const tensors = blocks.flatMap((block) => PARAMS.map((name) => block[name]));
          expectSameAsReference(
            (input, ...rest) =>
              residualConvStackTrained(
                runtime as NonNullable<typeof runtime>,
                input as tf.Tensor3D,
                withTensors(blocks, rest),
                mask,
                1e-5,
              ),
            (input, ...rest) =>
              residualConvStackReference(
                input as tf.Tensor3D,
                withTensors(blocks, rest),
                mask,
                1e-5,
              ),
            [x, ...tensors],
            300 + k,
          );
        } finally {
          unregisterFastCpuKernels();
        }
        tf.dispose([x, ...(mask ? [mask] : [])]);
        for (const block of blocks) tf.dispose(PARAMS.map((name) => block[name]));
      });
    }
  }
});
