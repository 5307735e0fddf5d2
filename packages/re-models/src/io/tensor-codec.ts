import * as tf from "@tensorflow/tfjs-core";

/** Named tensors encoded in tfjs's weights format: manifest entries plus one byte buffer. */
export interface EncodedTensors {
  specs: tf.io.WeightsManifestEntry[];
  data: Uint8Array;
}

/** Encodes named tensors (tfjs `encodeWeights`, so the bytes match tfjs's own `.bin` files). */
export async function encodeTensors(tensors: Record<string, tf.Tensor>): Promise<EncodedTensors> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const buffer = data instanceof ArrayBuffer ? data : tf.io.concatenateArrayBuffers(data);
  return { specs, data: new Uint8Array(buffer) };
}

/** Total bytes the specs describe (float32/int32 only, which is all this package writes). */
export function expectedByteLength(specs: readonly tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    total += size * (spec.dtype === "bool" ? 1 : 4);
  }
  return total;
}

/** Decodes bytes written by {@link encodeTensors}. */
export function decodeTensors(
  data: Uint8Array,
  specs: tf.io.WeightsManifestEntry[],
): Record<string, tf.Tensor> {
  const buffer = data.buffer.slice(
    data.byteOffset,
    data.byteOffset + data.byteLength,
  ) as ArrayBuffer;
  return tf.io.decodeWeights(buffer, specs);
}
