import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { onnxRuntimeInForce } from "../kernels/register.js";
import {
  BLOCK_PARAMS,
  type ConvStackInferenceConfig,
  convStackFeeds,
  convStackInferenceGraph,
  convStackInferenceKey,
} from "../ort/conv-stack-graphs.js";
import { MIN_ORT_ELEMENTS } from "../ort/training-graphs.js";
import { residualConvStackTrained } from "./conv-stack-training.js";
import { denseRelu } from "./dense-relu.js";
import { depthwiseConv1d } from "./depthwise-conv1d.js";
import { float32Of, recordingGradients, useHostLoops } from "./host-path.js";
import { residualLayerNorm } from "./residual-layer-norm.js";

/** One residual depthwise-separable convolution block of {@link residualConvStack}. */
export interface ResidualConvBlock {
  /** [K, C] one filter per channel (K odd), as {@link depthwiseConv1d} takes it. */
  depthwise: tf.Tensor;
  /** Spacing of the depthwise taps along T. */
  dilation: number;
  /** [C, C] pointwise kernel. */
  kernel: tf.Tensor;
  /** [C] pointwise bias. */
  bias: tf.Tensor;
  /** [C] layer-norm scale and shift. */
  gamma: tf.Tensor;
  beta: tf.Tensor;
}

/** The dense input layer of {@link residualConvStack}: `relu(x @ kernel + bias)`, then the mask. */
export interface StackProjection {
  /** [E, C] */
  kernel: tf.Tensor;
  /** [C] */
  bias: tf.Tensor;
}

/**
 * Residual depthwise-separable convolutions over `x` [B, T, C], block after block:
 * `x = residualLayerNorm(x, relu(depthwiseConv1d(x, depthwise, dilation) @ kernel + bias), gamma,
 * beta, rowMask, epsilon)`, with `rowMask` [B, T, 1] (1 on real rows, 0 on padding) or absent.
 * With `projection`, `x` is [B, T, E] and enters as `relu(x @ kernel + bias) * rowMask` (as
 * `denseRelu` and a product compute it) before the first block. Differentiable in `x` and every
 * block's tensors, as those ops are.
 *
 * Outside gradient recording, on the cpu backend with onnxruntime registered
 * (`registerFastCpuKernels`), the whole stack is one onnxruntime graph (Conv, MatMul, LayerNormalization
 * in float32): one native call and one output array instead of four full-size kernels and arrays
 * per block. It agrees with the ops to float32 rounding (about 1e-6 relative after three blocks;
 * the ops keep sums in float64). While a gradient is recorded with onnxruntime in force it is one
 * op with two graphs (ops/conv-stack-training.ts); everywhere else it runs exactly those ops.
 */
export function residualConvStack(
  x: tf.Tensor3D,
  blocks: readonly ResidualConvBlock[],
  rowMask?: tf.Tensor,
  epsilon = 1e-5,
  projection?: StackProjection,
): tf.Tensor3D {
  checkShapes(x, blocks, rowMask, projection);
  const runtime = onnxRuntimeInForce();
  if (
    runtime &&
    blocks.length > 0 &&
    x.size > 0 &&
    useHostLoops() &&
    !recordingGradients() &&
    x.dtype === "float32"
  ) {
    const [batch, time, width] = x.shape;
    const channels = (blocks[0] as ResidualConvBlock).kernel.shape[0] as number;
    const taps = (blocks[0] as ResidualConvBlock).depthwise.shape[0] as number;
    const config: ConvStackInferenceConfig = {
      channels,
      taps,
      dilations: blocks.map((block) => block.dilation),
      masked: rowMask !== undefined,
      epsilon,
      projectedFrom: projection ? width : null,
    };
    const params = blocks.flatMap((block) => BLOCK_PARAMS.map((name) => float32Of(block[name])));
    const feeds = convStackFeeds(
      config,
      { data: float32Of(x), dims: [batch, time, width] },
      rowMask ? float32Of(rowMask) : null,
      params,
      "grouped-conv",
    );
    if (projection) {
      feeds.projectionKernel = { data: float32Of(projection.kernel), dims: [width, channels] };
      feeds.projectionBias = { data: float32Of(projection.bias), dims: [channels] };
    }
    const out = runtime.run(
      convStackInferenceKey(config),
      () => convStackInferenceGraph(config),
      feeds,
    );
    return tf.tensor3d(out, [batch, time, channels], "float32");
  }
  const input = projection ? projected(x, projection, rowMask) : x;
  if (blocks.length === 0) return input;
  if (
    runtime &&
    useHostLoops() &&
    recordingGradients() &&
    input.dtype === "float32" &&
    input.size >= MIN_ORT_ELEMENTS
  ) {
    // training: the whole stack is one op on the tape, two onnxruntime graphs (ops/conv-stack-training.ts)
    return residualConvStackTrained(runtime, input, blocks, rowMask, epsilon);
  }
  return residualConvStackReference(input, blocks, rowMask, epsilon);
}

/** `relu(x @ kernel + bias) * rowMask` as ops: [B, T, E] to [B, T, C]. */
function projected(
  x: tf.Tensor3D,
  projection: StackProjection,
  rowMask: tf.Tensor | undefined,
): tf.Tensor3D {
  const [batch, time, width] = x.shape;
  const flat = tf.reshape(x, [batch * time, width]) as tf.Tensor2D;
  const dense = denseRelu(flat, projection.kernel as tf.Tensor2D, projection.bias);
  const y = tf.reshape(dense, [batch, time, projection.kernel.shape[1] as number]) as tf.Tensor3D;
  return rowMask ? (tf.mul(y, rowMask) as tf.Tensor3D) : y;
}

/** The same stack as the fused ops one block at a time (training's path; the tests' reference). */
export function residualConvStackReference(
  x: tf.Tensor3D,
  blocks: readonly ResidualConvBlock[],
  rowMask?: tf.Tensor,
  epsilon = 1e-5,
  projection?: StackProjection,
): tf.Tensor3D {
  let y = projection ? projected(x, projection, rowMask) : x;
  const [batch, time, channels] = y.shape;
  for (const block of blocks) {
    const spread = tf.reshape(depthwiseConv1d(y, block.depthwise as tf.Tensor2D, block.dilation), [
      batch * time,
      channels,
    ]) as tf.Tensor2D;
    const mixed = tf.reshape(denseRelu(spread, block.kernel as tf.Tensor2D, block.bias), [
      batch,
      time,
      channels,
    ]);
    y = residualLayerNorm(y, mixed, block.gamma, block.beta, rowMask, epsilon);
  }
  return y;
}

function checkShapes(
  x: tf.Tensor3D,
  blocks: readonly ResidualConvBlock[],
  rowMask: tf.Tensor | undefined,
  projection: StackProjection | undefined,
): void {
  const fail = (detail: string) => {
    throw new KernelError("INVALID_ATTRIBUTE", "residualConvStack", detail);
  };
  if (x.rank !== 3) fail(`x must be [B, T, C]; got [${x.shape}]`);
  let channels = x.shape[2];
  if (projection) {
    const { kernel, bias } = projection;
    if (kernel.rank !== 2 || kernel.shape[0] !== x.shape[2] || bias.size !== kernel.shape[1]) {
      fail(
        `projection kernel must be [${x.shape[2]}, C] and its bias [C]; got [${kernel.shape}], [${bias.shape}]`,
      );
    }
    channels = kernel.shape[1] as number;
  }
  const taps = blocks[0]?.depthwise.shape[0];
  blocks.forEach((block, i) => {
    const { depthwise, kernel, bias, gamma, beta, dilation } = block;
    if (
      depthwise.rank !== 2 ||
      depthwise.shape[0] !== taps ||
      depthwise.shape[1] !== channels ||
      (taps as number) % 2 !== 1
    ) {
      fail(
        `block ${i}: depthwise must be [K, ${channels}] with the same odd K in every block; got [${depthwise.shape}]`,
      );
    }
    if (kernel.rank !== 2 || kernel.shape[0] !== channels || kernel.shape[1] !== channels) {
      fail(`block ${i}: kernel must be [${channels}, ${channels}]; got [${kernel.shape}]`);
    }
    if (bias.size !== channels || gamma.size !== channels || beta.size !== channels) {
      fail(
        `block ${i}: bias, gamma and beta must hold ${channels} values; got [${bias.shape}], [${gamma.shape}], [${beta.shape}]`,
      );
    }
    if (!Number.isInteger(dilation) || dilation < 1) {
      fail(`block ${i}: dilation must be a positive integer, got ${dilation}`);
    }
  });
  if (
    rowMask &&
    (rowMask.size !== x.shape[0] * x.shape[1] || rowMask.shape[rowMask.rank - 1] !== 1)
  ) {
    fail(
      `rowMask must hold one value per row of x [${x.shape}] (last axis 1); got [${rowMask.shape}]`,
    );
  }
}
