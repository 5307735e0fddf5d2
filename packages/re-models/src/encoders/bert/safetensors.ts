import { readFileSync } from "node:fs";
import { writeFileAtomic } from "@biore/bioc-io";
import { CheckpointError } from "./errors.js";

/**
 * The safetensors format: an unsigned 64-bit little-endian header length N, N bytes of JSON
 * (`{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {..}}`, offsets
 * relative to the byte buffer that follows), then the raw little-endian tensor bytes.
 */

/** Element dtypes of the format, with their byte widths. */
const DTYPE_BYTES = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
} as const;

export type SafetensorsDtype = keyof typeof DTYPE_BYTES;

/** One tensor of a safetensors file: its dtype, shape and raw bytes (a view into the file). */
export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  bytes: Uint8Array;
}

/** Every tensor of a file, by name, and the free-form `__metadata__`. */
export interface SafetensorsFile {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

/** Headers above this size are refused (real ones are a few hundred kB). */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Parses safetensors bytes; `file` names the source in errors. */
export function parseSafetensors(bytes: Uint8Array, file = "<bytes>"): SafetensorsFile {
  const fail = (message: string): never => {
    throw new CheckpointError("SAFETENSORS_INVALID", message, file);
  };
  if (bytes.byteLength < 8) fail(`${bytes.byteLength} bytes: too short for a safetensors header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.byteLength - 8))) {
    fail(`header length ${headerLength} exceeds the file (${bytes.byteLength} bytes)`);
  }
  const n = Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (error) {
    fail(`header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    fail("header is not a JSON object");
  }
  const buffer = bytes.subarray(8 + n);
  const tensors = new Map<string, SafetensorsEntry>();
  const spans: Array<[number, number, string]> = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = entry?.dtype;
    if (typeof dtype !== "string" || !(dtype in DTYPE_BYTES)) {
      fail(`tensor "${name}": unknown dtype ${JSON.stringify(dtype)}`);
    }
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor "${name}": shape ${JSON.stringify(shape)} is not a list of sizes`);
    }
    const offsets = entry.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1] ||
      offsets[1] > buffer.byteLength
    ) {
      fail(
        `tensor "${name}": data_offsets ${JSON.stringify(offsets)} outside the ${buffer.byteLength}-byte buffer`,
      );
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const expected = count * DTYPE_BYTES[dtype as SafetensorsDtype];
    if (end - begin !== expected) {
      fail(
        `tensor "${name}": ${end - begin} bytes for ${dtype} of shape [${(shape as number[]).join(", ")}] (expected ${expected})`,
      );
    }
    spans.push([begin, end, name]);
    tensors.set(name, {
      dtype: dtype as SafetensorsDtype,
      shape: [...(shape as number[])],
      bytes: buffer.subarray(begin, end),
    });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    const [, prevEnd, prevName] = spans[i - 1] as [number, number, string];
    const [begin, end, name] = spans[i] as [number, number, string];
    if (begin < prevEnd && end > begin) {
      fail(`tensors "${prevName}" and "${name}" overlap in the byte buffer`);
    }
  }
  return { tensors, metadata };
}

/** Reads and parses a safetensors file. */
export function readSafetensors(path: string): SafetensorsFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CheckpointError(
      "CHECKPOINT_FILE_MISSING",
      `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      path,
    );
  }
  return parseSafetensors(bytes, path);
}

/** float16 bits -> float32 value. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** The values of a floating-point entry as float32 (F32, F16, BF16 or F64); `file` names it in errors. */
export function toFloat32(entry: SafetensorsEntry, name: string, file: string): Float32Array {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const { bytes } = entry;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (entry.dtype) {
    case "F32":
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    case "F64":
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    case "F16":
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
      return out;
    case "BF16": {
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      return out;
    }
    default:
      throw new CheckpointError(
        "SAFETENSORS_INVALID",
        `tensor "${name}" has dtype ${entry.dtype}; a floating-point weight was expected`,
        file,
      );
  }
}

/** Serializes float32 tensors as safetensors bytes (names sorted, offsets contiguous). */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const { shape, data } = tensors.get(name) as { shape: readonly number[]; data: Float32Array };
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== data.length) {
      throw new RangeError(
        `tensor "${name}": ${data.length} values for shape [${shape.join(", ")}]`,
      );
    }
    header[name] = { dtype: "F32", shape: [...shape], data_offsets: [offset, offset + 4 * count] };
    offset += 4 * count;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // align the buffer to 8 bytes
  const headerBytes = Buffer.from(json, "utf8");
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const name of names) {
    const { data } = tensors.get(name) as { data: Float32Array };
    for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i] as number, true);
    at += 4 * data.length;
  }
  return out;
}

/** Writes float32 tensors to a safetensors file atomically. */
export function writeSafetensors(
  path: string,
  tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>,
  metadata: Record<string, string> = {},
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}
