import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";

/** SHA-256 of some bytes, as lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Whether a name from a saved file is a plain file name inside its folder (no `..`, no `/`, not absolute). */
export function isPlainFileName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name !== "" &&
    name !== "." &&
    name !== ".." &&
    !name.includes("/") &&
    !name.includes("\\") &&
    !name.includes("\u0000") &&
    !isAbsolute(name)
  );
}

/** Whether a value is a non-negative safe integer (counts, sizes, epochs). */
export function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** Index of the first NaN or ±Infinity in `values`, or -1 when all are finite. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i] as number)) return i;
  }
  return -1;
}

/** The dtypes saved files may hold (all this package writes). */
const DTYPES = new Set(["float32", "int32"]);

/** One tensor's entry in a weights or checkpoint manifest, after validation. */
export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: "float32" | "int32";
}

/**
 * Validates the tensor list of a weights/checkpoint header: an array of
 * `{name, shape, dtype}` with unique names, non-negative integer dims and a
 * dtype this package writes. Returns a message for the first problem, or the specs.
 */
export function checkTensorSpecs(specs: unknown): TensorSpec[] | string {
  if (!Array.isArray(specs)) return "the tensor list is not an array";
  const seen = new Set<string>();
  for (const [i, spec] of specs.entries()) {
    const s = spec as Partial<TensorSpec> | null;
    if (!s || typeof s !== "object" || typeof s.name !== "string" || s.name === "")
      return `tensor #${i} has no name`;
    if (seen.has(s.name)) return `tensor ${s.name} is listed twice`;
    seen.add(s.name);
    if (!Array.isArray(s.shape) || !s.shape.every(isCount))
      return `tensor ${s.name} has a bad shape ${JSON.stringify(s.shape)}`;
    if (typeof s.dtype !== "string" || !DTYPES.has(s.dtype))
      return `tensor ${s.name} has an unsupported dtype ${JSON.stringify(s.dtype)}`;
    if ("quantization" in s || "group" in s) return `tensor ${s.name} has unsupported fields`;
  }
  return specs as TensorSpec[];
}

/**
 * Finds the first non-finite float32 value in weight bytes laid out as `specs` describe
 * (each tensor's values back to back, 4 bytes each). Returns the tensor's name, or undefined.
 */
export function nonFiniteTensor(
  data: Uint8Array,
  specs: readonly TensorSpec[],
): string | undefined {
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === "float32") {
      // copy when unaligned: Float32Array views need a 4-byte-aligned offset
      const start = data.byteOffset + offset;
      let values: Float32Array;
      if (start % 4 === 0) values = new Float32Array(data.buffer, start, count);
      else {
        const aligned = new Uint8Array(count * 4);
        aligned.set(data.subarray(offset, offset + count * 4));
        values = new Float32Array(aligned.buffer);
      }
      if (firstNonFinite(values) >= 0) return spec.name;
    }
    offset += count * 4;
  }
  return undefined;
}
