import * as tf from "@tensorflow/tfjs-core";
import { MetricLearningError } from "../errors.js";

/**
 * Backends whose tensors live in host memory (`cpu`, `wasm`): reading their values costs a
 * scan, not a device sync. On a GPU backend a check would stall the device once per call.
 */
export function onHostBackend(): boolean {
  const backend = tf.getBackend();
  return backend === "cpu" || backend === "wasm";
}

/**
 * Throws `INVALID_EMBEDDINGS` when a [N, D] tensor holds NaN or ±Infinity, naming the first
 * such row and column. On host backends it scans the values; elsewhere it reads back one
 * boolean computed on the device.
 */
export function checkFiniteRows(t: tf.Tensor2D, name: string): void {
  if (onHostBackend()) {
    const values = t.dataSync();
    if (allFinite(values)) return;
    const d = t.shape[1];
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) {
        throw new MetricLearningError(
          "INVALID_EMBEDDINGS",
          name,
          `row ${Math.floor(i / d)}, column ${i % d} is ${v}; embeddings must be finite`,
        );
      }
    }
    return;
  }
  const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(t))));
  const found = bad.dataSync()[0] === 1;
  bad.dispose();
  if (found)
    throw new MetricLearningError("INVALID_EMBEDDINGS", name, "holds NaN or infinite values");
}

/**
 * Throws `INVALID_EMBEDDINGS` when a host distance matrix [N, M] holds NaN or ±Infinity:
 * the embeddings (or the reference set) were not finite, or too large for float32.
 */
export function checkFiniteMatrix(mat: Float32Array, m: number, name: string): void {
  if (allFinite(mat)) return;
  for (let i = 0; i < mat.length; i++) {
    if (!Number.isFinite(mat[i] as number)) {
      throw new MetricLearningError(
        "INVALID_EMBEDDINGS",
        name,
        `the distance of row ${Math.floor(i / m)} to reference row ${i % m} is ${mat[i]}; embeddings must be finite (and not overflow float32)`,
      );
    }
  }
}

/**
 * Whether every value is finite, in one branch-free pass: v · 0 is 0 for a finite v and NaN for
 * NaN or ±Infinity, and a NaN stays in the sum (the slow scans above then find where).
 */
function allFinite(values: ArrayLike<number>): boolean {
  let a = 0;
  let b = 0;
  const even = values.length & ~1;
  for (let i = 0; i < even; i += 2) {
    a += (values[i] as number) * 0;
    b += (values[i + 1] as number) * 0;
  }
  if (even < values.length) a += (values[even] as number) * 0;
  return a + b === 0;
}
