import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { onnxRuntimeInForce } from "../kernels/register.js";
import type { OnnxRuntime } from "../ort/runtime.js";
import {
  MIN_ORT_ELEMENTS,
  depthwiseConvGraph,
  depthwiseFilterGradGraph,
} from "../ort/training-graphs.js";
import { float32Of, recordingGradients, useHostLoops } from "./host-path.js";

/**
 * Shifts a [B, T, C] tensor along T by `offset` (positive = later), filling with zeros:
 * `y[:, t] = x[:, t - offset]`. A pad and a slice, so its gradient is too.
 */
export function shiftTime(x: tf.Tensor3D, offset: number): tf.Tensor3D {
  if (offset === 0) return x;
  const [b, t, h] = x.shape;
  const d = Math.abs(offset);
  const padded = tf.pad(x, [[0, 0], offset > 0 ? [d, 0] : [0, d], [0, 0]]);
  return tf.slice(padded, [0, offset > 0 ? 0 : d, 0], [b, t, h]);
}

/**
 * Depthwise 1-D convolution along T of `x` [B, T, C] with `w` [K, C] (K odd, one filter per
 * channel), dilated by `dilation`, zeros outside [0, T) ("same" size):
 * `y[b, t, c] = Σ_j x[b, t + (j - (K-1)/2)·dilation, c] · w[j, c]`. Differentiable in both.
 *
 * On the cpu backend it is one host pass forward and one backward; written as shifts and
 * broadcast products (how tfjs backends without a fast depthwise conv1d run it) it makes a pad, a
 * slice and a product per tap, and their gradients reduce over the whole batch per tap. While a
 * gradient is recorded with onnxruntime in force (`registerFastCpuKernels`), both passes are
 * onnxruntime graphs instead (equal to float32 rounding). Other backends run
 * {@link depthwiseConv1dReference}.
 */
export function depthwiseConv1d(x: tf.Tensor3D, w: tf.Tensor2D, dilation = 1): tf.Tensor3D {
  const [, , channels] = x.shape;
  const taps = w.shape[0];
  if (x.rank !== 3 || w.rank !== 2 || w.shape[1] !== channels || taps % 2 !== 1) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "depthwiseConv1d",
      `x must be [B, T, C] and w [K, C] with K odd; got x [${x.shape}], w [${w.shape}]`,
    );
  }
  if (!Number.isInteger(dilation) || dilation < 1) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "depthwiseConv1d",
      `dilation must be a positive integer, got ${dilation}`,
    );
  }
  if (!useHostLoops()) return depthwiseConv1dReference(x, w, dilation);
  if (!recordingGradients()) {
    // inference: the convolution alone (no customGrad wrapper)
    const shape = x.shape as [number, number, number];
    return tf.tensor(convolve(float32Of(x), float32Of(w), shape, taps, dilation), shape, "float32");
  }
  const runtime = onnxRuntimeInForce();
  const op = tf.customGrad(((
    input: tf.Tensor,
    filter: tf.Tensor,
    save: (t: tf.Tensor[]) => void,
  ) => {
    save([]);
    const xs = float32Of(input);
    const ws = float32Of(filter);
    const shape = input.shape as [number, number, number];
    if (runtime && input.size >= MIN_ORT_ELEMENTS) {
      return convolveOnnx(runtime, xs, ws, shape, taps, dilation, filter.shape);
    }
    return {
      value: tf.tensor(convolve(xs, ws, shape, taps, dilation), shape, "float32"),
      gradFunc: (dy: tf.Tensor) => {
        const grads = backward(float32Of(dy), xs, ws, shape, taps, dilation);
        return [
          tf.tensor(grads.dx, shape, "float32"),
          tf.tensor(grads.dw, filter.shape, "float32"),
        ];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
    a: tf.Tensor,
    f: tf.Tensor,
  ) => tf.Tensor3D;
  return op(x, w);
}

/**
 * The recorded convolution as onnxruntime graphs (the registration's engine): forward the taps'
 * shifted views times their weights, summed in tap order (float32, as the tfjs-op reference
 * rounds); the input gradient is the same graph with the taps reversed, the filter gradient one
 * more graph (products with the shifted inputs, summed over batch and time).
 */
function convolveOnnx(
  runtime: OnnxRuntime,
  xs: Float32Array,
  ws: Float32Array,
  shape: [number, number, number],
  taps: number,
  dilation: number,
  filterShape: number[],
): { value: tf.Tensor; gradFunc: (dy: tf.Tensor) => tf.Tensor[] } {
  const channels = shape[2];
  const key = `depthwiseConv1d taps=${taps} dilation=${dilation}`;
  const build = () => depthwiseConvGraph(taps, dilation);
  const conv = (input: Float32Array, filter: Float32Array) =>
    runtime.runMany(
      key,
      build,
      { x: { data: input, dims: shape }, w: { data: filter, dims: [taps, channels] } },
      { y: null },
    ).y as Float32Array;
  return {
    value: tf.tensor(conv(xs, ws), shape, "float32"),
    gradFunc: (dy: tf.Tensor) => {
      const dys = float32Of(dy);
      const dw = runtime.runMany(
        `depthwiseConv1d filter gradient taps=${taps} dilation=${dilation}`,
        () => depthwiseFilterGradGraph(taps, dilation),
        { dy: { data: dys, dims: shape }, x: { data: xs, dims: shape } },
        { dw: null },
      ).dw as Float32Array;
      return [
        tf.tensor(conv(dys, reversedTaps(ws, taps, channels)), shape, "float32"),
        tf.tensor(dw, filterShape, "float32"),
      ];
    },
  };
}

/** The filter with its taps (rows) in reverse order: the convolution's transpose. */
function reversedTaps(w: Float32Array, taps: number, channels: number): Float32Array {
  const reversed = new Float32Array(w.length);
  for (let j = 0; j < taps; j++) {
    reversed.set(w.subarray(j * channels, (j + 1) * channels), (taps - 1 - j) * channels);
  }
  return reversed;
}

/** The same convolution as shifts and broadcast products (non-cpu backends; the tests' reference). */
export function depthwiseConv1dReference(
  x: tf.Tensor3D,
  w: tf.Tensor2D,
  dilation = 1,
): tf.Tensor3D {
  return tf.tidy(() => {
    const half = (w.shape[0] - 1) / 2;
    // (tfjs's unstack gradient fails for a single row)
    const rows = w.shape[0] === 1 ? [tf.reshape(w, [w.shape[1]])] : tf.unstack(w);
    let y: tf.Tensor | null = null;
    rows.forEach((row, j) => {
      // tap j reads x[t + (j - half)·d], i.e. x shifted later by (half - j)·d
      const term = tf.mul(shiftTime(x, (half - j) * dilation), row);
      y = y === null ? term : tf.add(y, term);
    });
    return y as unknown as tf.Tensor3D;
  });
}

/**
 * y[t] = Σ_j x[t + off_j] · w[j] per channel, off_j = (j - half)·dilation, taps in order (as the
 * reference adds them). Rows whose every tap lies inside [0, T) (nearly all) take one fused pass
 * for K = 3.
 */
function convolve(
  x: Float32Array,
  w: Float32Array,
  [batch, time, channels]: [number, number, number],
  taps: number,
  dilation: number,
): Float32Array {
  const y = new Float32Array(x.length);
  const half = (taps - 1) / 2;
  const reach = half * dilation;
  for (let b = 0; b < batch; b++) {
    const base = b * time * channels;
    for (let t = 0; t < time; t++) {
      const out = base + t * channels;
      if (taps === 3 && t >= reach && t + reach < time) {
        const before = out - reach * channels;
        const after = out + reach * channels;
        for (let c = 0; c < channels; c++) {
          y[out + c] =
            (x[before + c] as number) * (w[c] as number) +
            (x[out + c] as number) * (w[channels + c] as number) +
            (x[after + c] as number) * (w[2 * channels + c] as number);
        }
        continue;
      }
      for (let j = 0; j < taps; j++) {
        const source = t + (j - half) * dilation;
        if (source < 0 || source >= time) continue;
        const from = base + source * channels;
        const wRow = j * channels;
        for (let c = 0; c < channels; c++) {
          y[out + c] = (y[out + c] as number) + (x[from + c] as number) * (w[wRow + c] as number);
        }
      }
    }
  }
  return y;
}

/**
 * dx is the same convolution of dy with the taps reversed (dx[s] = Σ_j dy[s - off_j] · w[j]);
 * dw[j] = Σ_{b,t} dy[t] · x[t + off_j] per channel, accumulated in float64.
 */
function backward(
  dy: Float32Array,
  x: Float32Array,
  w: Float32Array,
  shape: [number, number, number],
  taps: number,
  dilation: number,
): { dx: Float32Array; dw: Float32Array } {
  const [batch, time, channels] = shape;
  const dx = convolve(dy, reversedTaps(w, taps, channels), shape, taps, dilation);
  const dw = new Float64Array(taps * channels);
  const half = (taps - 1) / 2;
  for (let b = 0; b < batch; b++) {
    const base = b * time * channels;
    for (let j = 0; j < taps; j++) {
      const offset = (j - half) * dilation;
      // the t whose tap j reads inside [0, T): one contiguous run
      const first = Math.max(0, -offset);
      const last = Math.min(time, time - offset);
      const wRow = j * channels;
      for (let t = first; t < last; t++) {
        const here = base + t * channels;
        const from = here + offset * channels;
        for (let c = 0; c < channels; c++) {
          dw[wRow + c] =
            (dw[wRow + c] as number) + (dy[here + c] as number) * (x[from + c] as number);
        }
      }
    }
  }
  return { dx, dw: Float32Array.from(dw) };
}
