import { type KernelFunc, backend_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, float32Values, input } from "./cpu-backend.js";

/** Writes `out[o + i] = a[aOff + i*aStep] (op) b[bOff + i*bStep]` for i < n. */
export type BinaryRun = (
  a: Float32Array,
  aOffset: number,
  aStep: number,
  b: Float32Array,
  bOffset: number,
  bStep: number,
  out: Float32Array | Uint8Array,
  outOffset: number,
  n: number,
) => void;

/**
 * A replacement for an element-wise cpu binary kernel on float32 inputs. On broadcasts such as
 * [B, T, H] × [B, T, 1] (masks, layer-norm statistics, their gradients) tfjs computes every
 * element's coordinates with `indexToLoc`/`locToIndex`, and elsewhere it calls the op through a
 * callback with a modulo per element; this walks rows with fixed strides and an inlined op.
 * Comparisons write a bool (Uint8Array) output. Other input dtypes (int32, bool, complex,
 * string) go to the original.
 */
export function broadcastBinaryKernel(
  kernelName: string,
  run: BinaryRun,
  outputDtype: "float32" | "bool" = "float32",
): FastKernel {
  return {
    kernelName,
    build(original: KernelFunc): KernelFunc {
      return (args) => {
        const a = input(args, "a");
        const b = input(args, "b");
        if (a.dtype !== "float32" || b.dtype !== "float32") return original(args);
        const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
        const backend = cpuBackend(args);
        const size = util.sizeFromShape(outShape);
        const out = outputDtype === "bool" ? new Uint8Array(size) : new Float32Array(size);
        walkBroadcast(
          float32Values(backend, a),
          broadcastStrides(a.shape, outShape),
          float32Values(backend, b),
          broadcastStrides(b.shape, outShape),
          out,
          outShape,
          run,
        );
        return backend.makeTensorInfo(outShape, outputDtype, out);
      };
    },
  };
}

/** Strides of `shape` seen as `outShape`: 0 along broadcast (size-1 or missing) dimensions. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const own = util.computeStrides(shape as number[]);
  const strides = new Array<number>(rank).fill(0);
  const shift = rank - shape.length;
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d] as number;
    const stride = d === shape.length - 1 ? 1 : (own[d] as number);
    strides[d + shift] = size === 1 ? 0 : stride;
  }
  return strides;
}

function walkBroadcast(
  a: Float32Array,
  aStrides: number[],
  b: Float32Array,
  bStrides: number[],
  out: Float32Array | Uint8Array,
  outShape: readonly number[],
  run: BinaryRun,
): void {
  const rank = outShape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    run(a, 0, 0, b, 0, 0, out, 0, 1);
    return;
  }
  // Same shapes, or one side a scalar: a single run over everything.
  const aFull = a.length === out.length;
  const bFull = b.length === out.length;
  if ((aFull || a.length === 1) && (bFull || b.length === 1)) {
    run(a, 0, aFull ? 1 : 0, b, 0, bFull ? 1 : 0, out, 0, out.length);
    return;
  }
  const last = rank - 1;
  const n = outShape[last] as number;
  const aStep = aStrides[last] as number;
  const bStep = bStrides[last] as number;
  const index = new Array<number>(last).fill(0);
  const rows = out.length / n;
  let aOffset = 0;
  let bOffset = 0;
  for (let r = 0; r < rows; r++) {
    run(a, aOffset, aStep, b, bOffset, bStep, out, r * n, n);
    for (let d = last - 1; d >= 0; d--) {
      const next = (index[d] as number) + 1;
      if (next < (outShape[d] as number)) {
        index[d] = next;
        aOffset += aStrides[d] as number;
        bOffset += bStrides[d] as number;
        break;
      }
      index[d] = 0;
      aOffset -= (next - 1) * (aStrides[d] as number);
      bOffset -= (next - 1) * (bStrides[d] as number);
    }
  }
}
