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

/**
 * out[i, j] = rowsA[i, :] · rowsB[j, :], accumulated in float64, two rows by two columns at a
 * time so each loaded value is used twice (about 2× faster than one dot product at a time in V8).
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
  const evenLeft = left - (left % 2);
  const evenRight = right - (right % 2);
  for (let i = 0; i < evenLeft; i += 2) {
    const a0 = i * shared;
    const a1 = a0 + shared;
    const o0 = outOffset + i * right;
    const o1 = o0 + right;
    for (let j = 0; j < evenRight; j += 2) {
      const b0 = j * shared;
      const b1 = b0 + shared;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let k = 0; k < shared; k++) {
        const x0 = rowsA[a0 + k] as number;
        const x1 = rowsA[a1 + k] as number;
        const y0 = rowsB[b0 + k] as number;
        const y1 = rowsB[b1 + k] as number;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      out[o0 + j] = s00;
      out[o0 + j + 1] = s01;
      out[o1 + j] = s10;
      out[o1 + j + 1] = s11;
    }
    if (evenRight < right) {
      out[o0 + evenRight] = dot(rowsA, a0, rowsB, evenRight * shared, shared);
      out[o1 + evenRight] = dot(rowsA, a1, rowsB, evenRight * shared, shared);
    }
  }
  if (evenLeft < left) {
    const a = evenLeft * shared;
    const o = outOffset + evenLeft * right;
    for (let j = 0; j < right; j++) out[o + j] = dot(rowsA, a, rowsB, j * shared, shared);
  }
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
