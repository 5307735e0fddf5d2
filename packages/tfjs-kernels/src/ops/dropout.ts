import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { float32Of, recordingGradients, useHostLoops } from "./host-path.js";

/**
 * Inverted dropout, `tf.dropout(x, rate, undefined, seed)` bit for bit: the same seeded
 * `randomUniform` draw, each value kept (scaled by 1 / (1 - rate)) where `floor(u + 1 - rate)`
 * is 1, else zeroed; the gradient is `dy` times the same multiplier.
 *
 * tfjs's op is a chain of five full-size kernels forward (`randomUniform`, `Add`, `Floor`,
 * `RealDiv`, `Multiply`) plus a `Multiply` backward, each a fresh array; on the cpu backend this
 * is the draw and one host pass forward (the multiplier kept, written over the draw's own array),
 * one pass backward, every step rounded to float32 as those kernels round it. Other backends
 * run `tf.dropout`.
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed?: number): T {
  if (x.dtype !== "float32") {
    throw new KernelError("INVALID_ATTRIBUTE", "dropout", `x must be float32, got ${x.dtype}`);
  }
  if (!(rate >= 0 && rate < 1)) {
    throw new KernelError("INVALID_ATTRIBUTE", "dropout", `rate must be in [0, 1), got ${rate}`);
  }
  if (!useHostLoops() || rate === 0) return tf.dropout(x, rate, undefined, seed) as T;
  const keep = Math.fround(1 - rate); // the float32 scalar tensor tfjs adds and divides by
  const multiplier = drawMultiplier(x.shape, keep, seed);
  if (!recordingGradients()) {
    return tf.tensor(scaled(float32Of(x), multiplier), x.shape, "float32") as T;
  }
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    return {
      value: tf.tensor(scaled(float32Of(input), multiplier), input.shape, "float32"),
      gradFunc: (dy: tf.Tensor) =>
        tf.tensor(scaled(float32Of(dy), multiplier), input.shape, "float32"),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor) => T;
  return op(x);
}

/** floor(u + keep) / keep for tfjs's seeded draw u, in the draw's own array (then released). */
function drawMultiplier(shape: number[], keep: number, seed: number | undefined): Float32Array {
  const draw = tf.randomUniform(shape, 0, 1, "float32", seed);
  const values = float32Of(draw);
  draw.dispose(); // the array lives on in this function's result; no tensor refers to it
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.floor(Math.fround((values[i] as number) + keep)) / keep;
  }
  return values;
}

/** values × multiplier, element by element, rounded to float32 on store. */
function scaled(values: Float32Array, multiplier: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = (values[i] as number) * (multiplier[i] as number);
  return out;
}
