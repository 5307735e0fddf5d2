import { type KernelFunc, type TensorInfo, broadcast_util, util } from "@tensorflow/tfjs-core";
import {
  type CpuBackendLike,
  type FastKernel,
  cpuBackend,
  float32Values,
  input,
} from "./cpu-backend.js";

/**
 * Replacement for the cpu `BatchMatMul`. tfjs's blocked triple loop reads the right operand down
 * its columns (and the left one down its columns when transposed), which misses the cache on
 * every step; this packs both operands so that every output element is a dot product of two
 * contiguous rows. Float32 only; other dtypes, and batch shapes that tfjs broadcasts by modulo
 * (neither equal nor 1), go to the original.
 */
export const batchMatMulKernel: FastKernel = {
  kernelName: "BatchMatMul",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const attrs = args.attrs ?? {};
      const result = fastMatMul(
        cpuBackend(args),
        input(args, "a"),
        input(args, "b"),
        Boolean(attrs.transposeA),
        Boolean(attrs.transposeB),
      );
      return result ?? original(args);
    };
  },
};

/** `a @ b` (with optional transposes) on the cpu backend, or null where the fast path does not apply. */
export function fastMatMul(
  backend: CpuBackendLike,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo | null {
  if (a.dtype !== "float32" || b.dtype !== "float32") return null;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) return null;
  const shared = (transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1]) as number;
  const sharedB = (transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2]) as number;
  const left = (transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2]) as number;
  const right = (transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1]) as number;
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  if (shared !== sharedB) return null; // let tfjs throw its own error
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const outBatchShape = broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const batch = Math.max(batchA, batchB);
  const aValues = float32Values(backend, a);
  const bValues = float32Values(backend, b);
  const out = new Float32Array(batch * left * right);
  const rowsA = new Float32Array(left * shared);
  const rowsB = new Float32Array(right * shared);
  for (let bi = 0; bi < batch; bi++) {
    const aOffset = (batchA === 1 ? 0 : bi) * left * shared;
    const bOffset = (batchB === 1 ? 0 : bi) * right * shared;
    // rowsA: [left, shared]; rowsB: [right, shared] (b transposed), both row-major.
    const packedA = transposeA
      ? transposeInto(aValues, aOffset, shared, left, rowsA)
      : aValues.subarray(aOffset, aOffset + left * shared);
    const packedB = transposeB
      ? bValues.subarray(bOffset, bOffset + right * shared)
      : transposeInto(bValues, bOffset, shared, right, rowsB);
    dotRows(packedA, packedB, left, right, shared, out, bi * left * right);
  }
  return backend.makeTensorInfo([...outBatchShape, left, right], "float32", out);
}

/** Writes the transpose of the [rows, cols] matrix at `offset` of `src` into `dst` ([cols, rows]). */
function transposeInto(
  src: Float32Array,
  offset: number,
  rows: number,
  cols: number,
  dst: Float32Array,
): Float32Array {
  for (let r = 0; r < rows; r++) {
    const from = offset + r * cols;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[from + c] as number;
  }
  return dst;
}

/** Left operands with at most this fraction of non-zeros take the sparse path of {@link dotRows}. */
const SPARSE_DENSITY = 0.25;

/**
 * out[i, j] = rowsA[i, :] · rowsB[j, :], accumulated in float64 in order of k. Dense operands go
 * four rows by four columns at a time (each loaded value used four times: ~1.6× faster than 2×2 in
 * V8). Mostly-zero left operands (0/1 masks, one-hot rows, pooling weights) only visit their
 * non-zeros, which gives the same sums since adding 0·y changes nothing when every y is finite
 * (checked, so NaN and ±Infinity still propagate as in tfjs).
 */
function dotRows(
  rowsA: Float32Array,
  rowsB: Float32Array,
  left: number,
  right: number,
  shared: number,
  out: Float32Array,
  outOffset: number,
): void {
  const size = left * shared;
  let nonZeros = 0;
  for (let k = 0; k < size; k++) if (rowsA[k] !== 0) nonZeros++;
  if (nonZeros <= SPARSE_DENSITY * size && allFinite(rowsB, right * shared)) {
    sparseDotRows(rowsA, rowsB, left, right, shared, out, outOffset);
    return;
  }
  const left4 = left - (left % 4);
  const right4 = right - (right % 4);
  for (let i = 0; i < left4; i += 4) {
    const a0 = i * shared;
    const a1 = a0 + shared;
    const a2 = a1 + shared;
    const a3 = a2 + shared;
    for (let j = 0; j < right4; j += 4) {
      const b0 = j * shared;
      const b1 = b0 + shared;
      const b2 = b1 + shared;
      const b3 = b2 + shared;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      let s20 = 0;
      let s21 = 0;
      let s22 = 0;
      let s23 = 0;
      let s30 = 0;
      let s31 = 0;
      let s32 = 0;
      let s33 = 0;
      for (let k = 0; k < shared; k++) {
        const y0 = rowsB[b0 + k] as number;
        const y1 = rowsB[b1 + k] as number;
        const y2 = rowsB[b2 + k] as number;
        const y3 = rowsB[b3 + k] as number;
        let x = rowsA[a0 + k] as number;
        s00 += x * y0;
        s01 += x * y1;
        s02 += x * y2;
        s03 += x * y3;
        x = rowsA[a1 + k] as number;
        s10 += x * y0;
        s11 += x * y1;
        s12 += x * y2;
        s13 += x * y3;
        x = rowsA[a2 + k] as number;
        s20 += x * y0;
        s21 += x * y1;
        s22 += x * y2;
        s23 += x * y3;
        x = rowsA[a3 + k] as number;
        s30 += x * y0;
        s31 += x * y1;
        s32 += x * y2;
        s33 += x * y3;
      }
      let o = outOffset + i * right + j;
      out[o] = s00;
      out[o + 1] = s01;
      out[o + 2] = s02;
      out[o + 3] = s03;
      o += right;
      out[o] = s10;
      out[o + 1] = s11;
      out[o + 2] = s12;
      out[o + 3] = s13;
      o += right;
      out[o] = s20;
      out[o + 1] = s21;
      out[o + 2] = s22;
      out[o + 3] = s23;
      o += right;
      out[o] = s30;
      out[o + 1] = s31;
      out[o + 2] = s32;
      out[o + 3] = s33;
    }
    for (let j = right4; j < right; j++) {
      for (let r = 0; r < 4; r++) {
        out[outOffset + (i + r) * right + j] = dot(
          rowsA,
          a0 + r * shared,
          rowsB,
          j * shared,
          shared,
        );
      }
    }
  }
  for (let i = left4; i < left; i++) {
    const o = outOffset + i * right;
    for (let j = 0; j < right; j++) out[o + j] = dot(rowsA, i * shared, rowsB, j * shared, shared);
  }
}

/** {@link dotRows} over the non-zeros of each row of `rowsA` only. */
function sparseDotRows(
  rowsA: Float32Array,
  rowsB: Float32Array,
  left: number,
  right: number,
  shared: number,
  out: Float32Array,
  outOffset: number,
): void {
  const at = new Int32Array(shared);
  const value = new Float64Array(shared);
  for (let i = 0; i < left; i++) {
    let n = 0;
    const a = i * shared;
    for (let k = 0; k < shared; k++) {
      const x = rowsA[a + k] as number;
      if (x !== 0) {
        at[n] = k;
        value[n] = x;
        n++;
      }
    }
    const o = outOffset + i * right;
    for (let j = 0; j < right; j++) {
      const b = j * shared;
      let sum = 0;
      for (let q = 0; q < n; q++)
        sum += (value[q] as number) * (rowsB[b + (at[q] as number)] as number);
      out[o + j] = sum;
    }
  }
}

/** Whether the first `n` values are all finite (a sum of `v * 0` turns NaN on NaN or ±Infinity). */
function allFinite(values: Float32Array, n: number): boolean {
  let probe = 0;
  for (let k = 0; k < n; k++) probe += (values[k] as number) * 0;
  return probe === 0;
}

function dot(
  x: Float32Array,
  xOffset: number,
  y: Float32Array,
  yOffset: number,
  n: number,
): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += (x[xOffset + k] as number) * (y[yOffset + k] as number);
  return sum;
}
