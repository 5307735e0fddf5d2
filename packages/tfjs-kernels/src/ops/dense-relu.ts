import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { onnxRuntimeInForce } from "../kernels/register.js";
import { MIN_ORT_ELEMENTS, denseReluBackwardGraph } from "../ort/training-graphs.js";
import { float32Of, recordingGradients, useHostLoops } from "./host-path.js";

/**
 * `relu(x @ w + bias)` for x [N, K], w [K, M], bias [M]: a dense layer with ReLU, differentiable
 * in all three.
 *
 * tfjs runs `tf.fused.matMul` unfused whenever a gradient is being recorded (a matMul, a bias
 * `Add` and a `Relu`, then `Step`, `Multiply` and `Sum` backward, each full-size). On the cpu
 * backend this op runs the fused `_FusedMatMul` kernel forward in training too (one onnxruntime
 * graph when `registerFastCpuKernels` routes it there), and backward one host pass for the
 * masked gradient and the bias gradient, then the same two matMuls tfjs's gradient makes; with
 * onnxruntime in force, the mask, both products and the bias sum are one onnxruntime graph. Other
 * backends run {@link denseReluReference}.
 */
export function denseRelu(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  const [rows, depth] = x.shape;
  const width = w.shape[1];
  if (x.rank !== 2 || w.rank !== 2 || w.shape[0] !== depth || bias.size !== width) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "denseRelu",
      `x must be [N, K], w [K, M] and bias [M]; got x [${x.shape}], w [${w.shape}], bias [${bias.shape}]`,
    );
  }
  // outside gradient recording tfjs fuses it itself; elsewhere its ops are native
  if (!useHostLoops() || !recordingGradients()) return denseReluReference(x, w, bias);
  const op = tf.customGrad(((
    a: tf.Tensor,
    b: tf.Tensor,
    c: tf.Tensor,
    save: (t: tf.Tensor[]) => void,
  ) => {
    save([a, b]);
    // the kernel itself: tf.fused.matMul would unfuse while a gradient is recorded
    const y = tf
      .engine()
      .runKernel(
        "_FusedMatMul",
        { a, b, bias: c },
        { transposeA: false, transposeB: false, activation: "relu", leakyreluAlpha: 0 },
      ) as tf.Tensor2D;
    const ys = float32Of(y);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [input, kernel] = saved as [tf.Tensor2D, tf.Tensor2D];
        const runtime = onnxRuntimeInForce();
        if (runtime && dy.size >= MIN_ORT_ELEMENTS) {
          // the mask, both products and the bias sum in one graph: no masked copy in JS
          const grads = runtime.runMany(
            "denseRelu backward",
            denseReluBackwardGraph,
            {
              dy: { data: float32Of(dy), dims: [rows, width] },
              y: { data: ys, dims: [rows, width] },
              x: { data: float32Of(input), dims: [rows, depth] },
              w: { data: float32Of(kernel), dims: [depth, width] },
            },
            { dx: null, dw: null, db: null },
          );
          return [
            tf.tensor(grads.dx as Float32Array, input.shape, "float32"),
            tf.tensor(grads.dw as Float32Array, kernel.shape, "float32"),
            tf.tensor(grads.db as Float32Array, c.shape, "float32"),
          ];
        }
        const { masked, biasGrad } = reluBackward(float32Of(dy), ys, width);
        const g = tf.tensor2d(masked, [rows, width]);
        return [
          tf.matMul(g, kernel, false, true),
          tf.matMul(input, g, true, false),
          tf.reshape(tf.tensor1d(biasGrad), c.shape),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    a: tf.Tensor,
    b: tf.Tensor,
    c: tf.Tensor,
  ) => tf.Tensor2D;
  return op(x, w, bias);
}

/** The same layer as `tf.fused.matMul` (what non-cpu backends run; the tests' reference). */
export function denseReluReference(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: w, bias, activation: "relu" }) as tf.Tensor2D;
}

/**
 * dy where the output is positive, else 0 (as `dy * step(y)` rounds it), and its column sums
 * accumulated in float64 row by row (as the fast `Sum` kernel does).
 */
function reluBackward(
  dy: Float32Array,
  y: Float32Array,
  width: number,
): { masked: Float32Array; biasGrad: Float32Array } {
  const masked = new Float32Array(dy.length);
  const sums = new Float64Array(width);
  for (let start = 0; start < dy.length; start += width) {
    for (let c = 0; c < width; c++) {
      const i = start + c;
      const g = (y[i] as number) > 0 ? (dy[i] as number) : 0;
      masked[i] = g;
      sums[c] = (sums[c] as number) + g;
    }
  }
  return { masked, biasGrad: Float32Array.from(sums) };
}
