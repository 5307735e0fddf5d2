import { util } from "@tensorflow/tfjs-core";

/** The typed arrays that hold numeric and boolean tensors on the cpu backend. */
export type NumericArray = Float32Array | Int32Array | Uint8Array;

/** A numeric tensor's values, or null when it holds strings or complex numbers (no fast path). */
export function numericValues(values: unknown, dtype: string): NumericArray | null {
  if (dtype === "string" || dtype === "complex64") return null;
  if (
    values instanceof Float32Array ||
    values instanceof Int32Array ||
    values instanceof Uint8Array
  ) {
    return values;
  }
  return null;
}

/** A zero-filled array of the kind tfjs uses for `dtype`. */
export function emptyLike(dtype: "float32" | "int32" | "bool", size: number): NumericArray {
  return util.getTypedArrayFromDType(dtype, size) as NumericArray;
}

/**
 * Copies the block of extent `size` that starts at `srcBegin` in `src` (row-major, `srcShape`)
 * to `dstBegin` in `dst` (`dstShape`), one contiguous innermost run at a time. This is what
 * tfjs's cpu Slice/Pad do element by element through `indexToLoc`/`locToIndex`.
 */
export function copyBlock(
  src: NumericArray,
  srcShape: readonly number[],
  srcBegin: readonly number[],
  dst: NumericArray,
  dstShape: readonly number[],
  dstBegin: readonly number[],
  size: readonly number[],
): void {
  const rank = size.length;
  if (rank === 0) {
    dst[0] = src[0] as number;
    return;
  }
  if (size.some((s) => s === 0)) return;
  const srcStrides = util.computeStrides(srcShape as number[]);
  const dstStrides = util.computeStrides(dstShape as number[]);
  const run = size[rank - 1] as number;
  const outer = rank - 1;
  const index = new Array<number>(outer).fill(0);
  let srcOffset = (srcBegin[outer] as number) + dot(srcBegin, srcStrides, outer);
  let dstOffset = (dstBegin[outer] as number) + dot(dstBegin, dstStrides, outer);
  const runs = util.sizeFromShape(size.slice(0, outer) as number[]);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < run; k++) dst[dstOffset + k] = src[srcOffset + k] as number;
    // Advance the odometer over the outer dimensions.
    for (let d = outer - 1; d >= 0; d--) {
      const next = (index[d] as number) + 1;
      if (next < (size[d] as number)) {
        index[d] = next;
        srcOffset += srcStrides[d] as number;
        dstOffset += dstStrides[d] as number;
        break;
      }
      index[d] = 0;
      srcOffset -= (next - 1) * (srcStrides[d] as number);
      dstOffset -= (next - 1) * (dstStrides[d] as number);
    }
  }
}

function dot(a: readonly number[], b: readonly number[], n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += (a[i] as number) * (b[i] as number);
  return total;
}
