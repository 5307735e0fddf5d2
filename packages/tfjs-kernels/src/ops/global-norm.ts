import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { float32Of, useHostLoops } from "./host-path.js";

/**
 * The global L2 norm `sqrt(Σ_t Σ_i t_i²)` of a list of float32 tensors (gradient clipping by
 * global norm), read back as a number.
 *
 * On the cpu backend it is one host pass over each tensor's values, with no tensor made; written
 * with tfjs ops it is a `Square` and a `Sum` per tensor plus an `AddN`, which for a model with
 * large embedding tables are full-size kernels and arrays every step. The pass rounds as those
 * kernels do on the cpu backend with the fast kernels (float32 squares summed in float64, each
 * tensor's sum rounded to float32, float32 running total and square root), so it gives the same
 * number bit for bit. Other backends run {@link globalNormReference}.
 */
export function globalNorm(tensors: readonly tf.Tensor[]): number {
  for (const [i, t] of tensors.entries()) {
    if (t.dtype !== "float32") {
      throw new KernelError(
        "INVALID_ATTRIBUTE",
        "globalNorm",
        `tensors[${i}] must be float32, got ${t.dtype} [${t.shape}]`,
      );
    }
  }
  if (!useHostLoops()) return globalNormReference(tensors);
  let total = 0;
  for (const t of tensors) {
    const values = float32Of(t);
    let part = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      part += Math.fround(v * v);
    }
    total = Math.fround(total + Math.fround(part));
  }
  return Math.fround(Math.sqrt(total));
}

/** The same norm as tfjs ops (non-cpu backends; the tests' reference). */
export function globalNormReference(tensors: readonly tf.Tensor[]): number {
  if (tensors.length === 0) return 0;
  const norm = tf.tidy(() => tf.sqrt(tf.addN(tensors.map((t) => tf.sum(tf.square(t))))));
  const value = norm.dataSync()[0] as number;
  norm.dispose();
  return value;
}
