import * as tf from "@tensorflow/tfjs-core";

/**
 * Whether the fused ops of this folder run their host loops: on tfjs's pure-JS `cpu` backend,
 * where every tfjs kernel is itself a JS loop plus a fresh array, so one pass over the data beats
 * a chain of kernels. Elsewhere (wasm, webgl, tfjs-node) they run the same tfjs op chain as their
 * reference implementation, whose kernels are native there.
 */
export function useHostLoops(): boolean {
  return tf.getBackend() === "cpu";
}

/** A tensor's values as float32 (the cpu backend's own array when it holds one; no copy). */
export function float32Of(t: tf.Tensor): Float32Array {
  const values = t.dataSync();
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/**
 * Whether a gradient tape is recording (inside `tf.grad`, `variableGrads`, ...). Outside one (inference)
 * the fused ops skip `customGrad` and the arrays their backward pass would reuse.
 */
export function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number } }).state;
  return (state?.gradientDepth ?? 1) > 0;
}
