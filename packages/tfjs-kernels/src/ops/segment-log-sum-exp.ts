import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { onnxRuntimeInForce } from "../kernels/register.js";
import { fastExp } from "./fast-exp.js";
import { float32Of, recordingGradients, useHostLoops } from "./host-path.js";
import {
  MIN_GRAPH_ELEMENTS,
  backwardByGraph,
  pooledByGraph,
  trainingPassByGraph,
} from "./segment-log-sum-exp-graph.js";

/**
 * Log-sum-exp pooling of the rows of `x` [B, N, H] into segments: `segmentIds` (B·N entries,
 * row-major, each in [-1, S); -1 = in no segment) gives each row's segment, and
 * `out[b, s, :] = log(Σ_{n in s} exp(x[b, n, :] - m[b, :]) + epsilon) + m[b, :]`, with `m` the
 * max of `x[b, :, :]` over all N rows (the stabilizing shift; an empty segment gives
 * `log(epsilon) + m`). Differentiable in `x` (through the shift too, as tfjs's max is).
 * Returns [B, S, H].
 *
 * The same as `max`, `sub`, `exp`, a matMul by the [B, S, N] 0/1 segment matrix, `add`, `log`
 * and `add` ({@link segmentLogSumExpReference}), but on the cpu backend it is one host pass
 * forward and one backward with no segment matrix (mostly zeros) and none of the chain's
 * full-size intermediates or their gradient kernels; with onnxruntime in force, inputs of
 * >= 32,768 values run each pass as one onnxruntime graph instead (recorded or not). Other
 * backends run the reference.
 */
export function segmentLogSumExp(
  x: tf.Tensor3D,
  segmentIds: Int32Array,
  numSegments: number,
  epsilon = 1e-12,
): tf.Tensor3D {
  const [batch, rows, width] = x.shape;
  if (x.rank !== 3 || segmentIds.length !== batch * rows) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "segmentLogSumExp",
      `x must be [B, N, H] with one segment id per row (B·N = ${batch * rows}); got x [${x.shape}], ${segmentIds.length} ids`,
    );
  }
  if (!Number.isInteger(numSegments) || numSegments < 1) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "segmentLogSumExp",
      `numSegments must be a positive integer, got ${numSegments}`,
    );
  }
  for (let i = 0; i < segmentIds.length; i++) {
    const s = segmentIds[i] as number;
    if (s < -1 || s >= numSegments) {
      throw new KernelError(
        "INVALID_INDICES",
        "segmentLogSumExp",
        `segmentIds[${i}] = ${s} is outside [-1, ${numSegments})`,
      );
    }
  }
  if (!useHostLoops()) return segmentLogSumExpReference(x, segmentIds, numSegments, epsilon);
  const shape: Shape = { batch, rows, width, segments: numSegments };
  if (!recordingGradients()) {
    // inference: one onnxruntime graph for large inputs, else the pass without keeping the exps
    const runtime = x.size >= MIN_GRAPH_ELEMENTS ? onnxRuntimeInForce() : null;
    const out = runtime
      ? pooledByGraph(runtime, float32Of(x), segmentIds, shape, epsilon)
      : forward(float32Of(x), segmentIds, shape, epsilon, false).out;
    return tf.tensor(out, [batch, numSegments, width], "float32") as tf.Tensor3D;
  }
  // training: both passes as onnxruntime graphs for large inputs, else the host passes
  const runtime = x.size >= MIN_GRAPH_ELEMENTS ? onnxRuntimeInForce() : null;
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    const xs = float32Of(input);
    const pass = runtime
      ? trainingPassByGraph(runtime, xs, segmentIds, shape, epsilon)
      : forward(xs, segmentIds, shape, epsilon, true);
    return {
      value: tf.tensor(pass.out, [batch, numSegments, width], "float32"),
      gradFunc: (dy: tf.Tensor) => {
        const g = float32Of(dy);
        const dx = runtime
          ? backwardByGraph(runtime, g, xs, segmentIds, shape, pass)
          : backward(g, xs, segmentIds, shape, pass);
        return tf.tensor(dx, input.shape, "float32");
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor) => tf.Tensor3D;
  return op(x);
}

/** The same pooling as tfjs ops, with the dense 0/1 segment matrix (the tests' reference). */
export function segmentLogSumExpReference(
  x: tf.Tensor3D,
  segmentIds: Int32Array,
  numSegments: number,
  epsilon = 1e-12,
): tf.Tensor3D {
  const [batch, rows] = x.shape;
  const matrix = new Float32Array(batch * numSegments * rows);
  segmentIds.forEach((s, i) => {
    if (s < 0) return;
    const b = Math.floor(i / rows);
    matrix[(b * numSegments + s) * rows + (i % rows)] = 1;
  });
  return tf.tidy(() => {
    const shift = tf.max(x, 1, true);
    const members = tf.tensor3d(matrix, [batch, numSegments, rows]);
    const summed = tf.matMul(members, tf.exp(tf.sub(x, shift)));
    return tf.add(tf.log(tf.add(summed, epsilon)), shift) as tf.Tensor3D;
  });
}

export interface Shape {
  batch: number;
  rows: number;
  width: number;
  segments: number;
}

/** What the backward pass reuses: the shift, exp(x - shift) and each segment's sum + epsilon. */
export interface ForwardPass {
  out: Float32Array;
  shift: Float32Array;
  exps: Float32Array;
  denominators: Float32Array;
}

/**
 * Rounds each step to float32 as the op chain's kernels store their outputs. `keepExps` keeps
 * exp(x - shift) for the backward pass (else `exps` is empty).
 */
function forward(
  xs: Float32Array,
  ids: Int32Array,
  shape: Shape,
  epsilon: number,
  keepExps: boolean,
): ForwardPass {
  const { batch, rows, width, segments } = shape;
  const shift = new Float32Array(batch * width).fill(Number.NEGATIVE_INFINITY);
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < rows; n++) {
      const from = (b * rows + n) * width;
      for (let h = 0; h < width; h++) {
        const v = xs[from + h] as number;
        const at = b * width + h;
        if (v > (shift[at] as number) || Number.isNaN(v)) shift[at] = v;
      }
    }
  }
  const exps = new Float32Array(keepExps ? xs.length : 0);
  const sums = new Float64Array(batch * segments * width);
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < rows; n++) {
      const s = ids[b * rows + n] as number;
      if (s < 0) continue;
      const from = (b * rows + n) * width;
      const to = (b * segments + s) * width;
      for (let h = 0; h < width; h++) {
        const e = Math.fround(
          fastExp(Math.fround((xs[from + h] as number) - (shift[b * width + h] as number))),
        );
        if (keepExps) exps[from + h] = e;
        sums[to + h] = (sums[to + h] as number) + e;
      }
    }
  }
  const out = new Float32Array(sums.length);
  const denominators = new Float32Array(sums.length);
  const eps = Math.fround(epsilon);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < segments; s++) {
      for (let h = 0; h < width; h++) {
        const at = (b * segments + s) * width + h;
        const d = Math.fround(Math.fround(sums[at] as number) + eps);
        denominators[at] = d;
        out[at] = Math.fround(Math.log(d)) + (shift[b * width + h] as number);
      }
    }
  }
  return { out, shift, exps, denominators };
}

/**
 * The chain rule through the op chain: d(sum) = dy / (sum + ε), each member row gets its
 * segment's d(sum) times its exp, and the shift's gradient (Σ_s dy - Σ_n that row gradient)
 * goes to every row equal to the max, as tfjs's max gradient sends it.
 */
function backward(
  dy: Float32Array,
  xs: Float32Array,
  ids: Int32Array,
  shape: Shape,
  pass: ForwardPass,
): Float32Array {
  const { batch, rows, width, segments } = shape;
  const { shift, exps, denominators } = pass;
  const perSum = new Float32Array(dy.length);
  const dShift = new Float64Array(batch * width);
  for (let b = 0; b < batch; b++) {
    for (let s = 0; s < segments; s++) {
      for (let h = 0; h < width; h++) {
        const at = (b * segments + s) * width + h;
        const g = dy[at] as number;
        perSum[at] = g / (denominators[at] as number);
        dShift[b * width + h] = (dShift[b * width + h] as number) + g;
      }
    }
  }
  const dx = new Float32Array(xs.length);
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < rows; n++) {
      const s = ids[b * rows + n] as number;
      if (s < 0) continue;
      const from = (b * rows + n) * width;
      const to = (b * segments + s) * width;
      for (let h = 0; h < width; h++) {
        const g = Math.fround((perSum[to + h] as number) * (exps[from + h] as number));
        dx[from + h] = g;
        dShift[b * width + h] = (dShift[b * width + h] as number) - g;
      }
    }
  }
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < rows; n++) {
      const from = (b * rows + n) * width;
      for (let h = 0; h < width; h++) {
        if ((xs[from + h] as number) === (shift[b * width + h] as number)) {
          dx[from + h] = (dx[from + h] as number) + (dShift[b * width + h] as number);
        }
      }
    }
  }
  return dx;
}
