import "@tensorflow/tfjs-backend-cpu";
// tfjs-layers registers gradients on import; these tests use tfjs-core alone.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
// The gradient of gather with batchDims=1 calls the chained `x.split`.
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js";
import * as tf from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import {
  type FastCpuKernelsOptions,
  registerFastCpuKernels,
  unregisterFastCpuKernels,
} from "./register.js";

/** Switches tfjs to the pure-JS cpu backend (tests only). */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
}

/** JS kernels only: what the kernel tests of this folder check (src/ort tests pass other options). */
const JS_ONLY: FastCpuKernelsOptions = { onnxruntime: false };

/** Runs `compute` with tfjs's own kernels and then with the fast ones; returns both results as arrays. */
export function withAndWithoutFastKernels(
  compute: () => tf.Tensor | tf.Tensor[],
  options: FastCpuKernelsOptions = JS_ONLY,
): {
  original: Float32Array[];
  fast: Float32Array[];
  shapes: number[][];
} {
  const run = (): { values: Float32Array[]; shapes: number[][] } => {
    const before = tf.memory().numTensors;
    const buffersBefore = tf.memory().numDataBuffers;
    const values: Float32Array[] = [];
    const shapes: number[][] = [];
    tf.tidy(() => {
      const out = compute();
      for (const t of Array.isArray(out) ? out : [out]) {
        values.push(Float32Array.from(t.dataSync()));
        shapes.push(t.shape);
      }
    });
    expect(tf.memory().numTensors, "tensors leaked").toBe(before);
    // Intermediates a kernel forgets to free show up as backend buffers, not tensors.
    expect(tf.memory().numDataBuffers, "backend buffers leaked").toBe(buffersBefore);
    return { values, shapes };
  };
  unregisterFastCpuKernels();
  const original = run();
  registerFastCpuKernels(options);
  try {
    const fast = run();
    expect(fast.shapes).toEqual(original.shapes);
    return { original: original.values, fast: fast.values, shapes: fast.shapes };
  } finally {
    unregisterFastCpuKernels();
  }
}

/** Asserts element-wise closeness to 1e-5 (relative for large values), NaN matching NaN. */
export function expectClose(actual: Float32Array, expected: Float32Array, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const error = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(error <= worst)) {
      worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
      worstAt = i;
    }
  }
  expect(worst, `worst error at index ${worstAt}`).toBeLessThanOrEqual(tolerance);
}

/** Compares every output of `compute` between tfjs's kernels and the fast ones. */
export function expectSameAsOriginal(
  compute: () => tf.Tensor | tf.Tensor[],
  tolerance = 1e-5,
  options: FastCpuKernelsOptions = JS_ONLY,
): void {
  const { original, fast } = withAndWithoutFastKernels(compute, options);
  expect(fast.length).toBe(original.length);
  for (const [i, expected] of original.entries())
    expectClose(fast[i] as Float32Array, expected, tolerance);
}

/** Seeded random int32 tensor with values in [min, max). */
export function randomInts(shape: number[], min: number, max: number, seed: number): tf.Tensor {
  return tf.randomUniform(shape, min, max, "int32", seed);
}

/** Seeded random float32 tensor with values in [-1, 1). */
export function randomFloats(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, "float32", seed);
}

/** Like `expectSameAsOriginal`, but also exact on ±Infinity and NaN positions (which `expectClose` cannot compare). */
export function expectSameWithInfinities(
  compute: () => tf.Tensor[],
  options: FastCpuKernelsOptions = JS_ONLY,
): void {
  const { original, fast } = withAndWithoutFastKernels(compute, options);
  for (const [i, expected] of original.entries()) {
    const actual = fast[i] as Float32Array;
    const finite = (v: Float32Array) => v.map((x) => (Number.isFinite(x) ? x : 0));
    expect(Array.from(actual, (x) => (Number.isFinite(x) ? "f" : String(x)))).toEqual(
      Array.from(expected, (x) => (Number.isFinite(x) ? "f" : String(x))),
    );
    expectClose(finite(actual), finite(expected));
  }
}

/** Every way to name reduced axes of a rank-3 tensor: none (all), one, negative, pairs, all three. */
export const AXIS_SETS_3D: Array<number | number[] | undefined> = [
  undefined,
  0,
  1,
  2,
  -1,
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 1, 2],
];
