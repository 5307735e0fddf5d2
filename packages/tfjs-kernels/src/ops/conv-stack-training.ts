import * as tf from "@tensorflow/tfjs-core";
import {
  BLOCK_PARAMS,
  type ConvStackConfig,
  convStackBackwardGraph,
  convStackFeeds,
  convStackForwardGraph,
  convStackGradName,
  convStackKey,
} from "../ort/conv-stack-graphs.js";
import type { OnnxRuntime } from "../ort/runtime.js";
import { float32Of } from "./host-path.js";
import type { ResidualConvBlock } from "./residual-conv-stack.js";

/**
 * `residualConvStack` while a gradient is recorded, with onnxruntime in force: one op on the
 * tape instead of four per block, and two onnxruntime calls per step. Forward is one graph;
 * backward one graph that recomputes the forward (the same nodes, so the same numbers) and
 * returns the gradients of x and of every block's five tensors. Float32 arithmetic throughout:
 * it agrees with the ops block by block to float32 rounding, not bit for bit.
 */
export function residualConvStackTrained(
  runtime: OnnxRuntime,
  x: tf.Tensor3D,
  blocks: readonly ResidualConvBlock[],
  rowMask: tf.Tensor | undefined,
  epsilon: number,
): tf.Tensor3D {
  const [, , channels] = x.shape;
  const config: ConvStackConfig = {
    channels,
    taps: (blocks[0] as ResidualConvBlock).depthwise.shape[0] as number,
    dilations: blocks.map((block) => block.dilation),
    masked: rowMask !== undefined,
    epsilon,
  };
  const params = blocks.flatMap((block) => BLOCK_PARAMS.map((name) => block[name]));
  const mask = rowMask ? float32Of(rowMask) : null;
  const op = tf.customGrad(((...args: unknown[]) => {
    const inputs = args.slice(0, -1) as tf.Tensor[];
    (args[args.length - 1] as (t: tf.Tensor[]) => void)([]);
    const [input] = inputs as [tf.Tensor3D];
    const shape = input.shape;
    const feeds = convStackFeeds(
      config,
      { data: float32Of(input), dims: shape },
      mask,
      inputs.slice(1).map(float32Of),
      "taps",
    );
    const y = runtime.runMany(
      convStackKey(config, "forward"),
      () => convStackForwardGraph(config),
      feeds,
      { y: null },
    ).y as Float32Array;
    return {
      value: tf.tensor(y, shape, "float32"),
      gradFunc: (dy: tf.Tensor) => {
        const fetches: Record<string, null> = { dx: null };
        blocks.forEach((_, i) => {
          for (const name of BLOCK_PARAMS) fetches[convStackGradName(name, i)] = null;
        });
        const grads = runtime.runMany(
          convStackKey(config, "backward"),
          () => convStackBackwardGraph(config),
          { dy: { data: float32Of(dy), dims: shape }, ...feeds },
          fetches,
        );
        return [
          tf.tensor(grads.dx as Float32Array, shape, "float32"),
          ...inputs.slice(1).map((t, k) => {
            const param = BLOCK_PARAMS[k % BLOCK_PARAMS.length] as (typeof BLOCK_PARAMS)[number];
            const name = convStackGradName(param, Math.floor(k / BLOCK_PARAMS.length));
            return tf.tensor(grads[name] as Float32Array, t.shape, "float32");
          }),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    ...inputs: tf.Tensor[]
  ) => tf.Tensor3D;
  return op(x, ...params);
}
