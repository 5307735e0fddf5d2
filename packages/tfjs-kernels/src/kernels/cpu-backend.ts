import type { DataType, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";

/** Typed-array storage of one tensor as the cpu backend keeps it. */
export type CpuValues = Float32Array | Int32Array | Uint8Array;

/** The part of tfjs-backend-cpu's `MathBackendCPU` that the fast kernels use. */
export interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values: CpuValues): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

/** Arguments tfjs passes to a kernel function. */
export type KernelArgs = Parameters<KernelFunc>[0];

/** A replacement kernel: builds its function around tfjs's original, which it may delegate to. */
export interface FastKernel {
  kernelName: string;
  build(original: KernelFunc): KernelFunc;
}

/** The cpu backend behind `args`, or a clear error when a kernel runs on something else. */
export function cpuBackend(args: KernelArgs): CpuBackendLike {
  const backend = args.backend as Partial<CpuBackendLike>;
  if (typeof backend.makeTensorInfo !== "function" || typeof backend.data?.get !== "function") {
    throw new KernelError(
      "NOT_CPU_BACKEND",
      "fast cpu kernel",
      "called on a backend that is not tfjs's cpu backend",
    );
  }
  return backend as CpuBackendLike;
}

/** The named input tensor; throws if tfjs did not pass it. */
export function input(args: KernelArgs, name: string): TensorInfo {
  const info = args.inputs[name];
  if (!info) throw new KernelError("MISSING_INPUT", "fast cpu kernel", `missing input "${name}"`);
  return info;
}

/**
 * The values of a float32 tensor held by the cpu backend. The backend sometimes keeps a float32
 * tensor in another numeric array (e.g. the result of casting a bool mask); those are copied.
 */
export function float32Values(backend: CpuBackendLike, info: TensorInfo): Float32Array {
  const values = backend.data.get(info.dataId).values;
  if (values instanceof Float32Array) return values;
  if (info.dtype === "float32" && isNumericArray(values)) return Float32Array.from(values);
  throw new KernelError(
    "UNEXPECTED_DTYPE",
    "fast cpu kernel",
    `expected float32 values, got ${info.dtype}`,
  );
}

function isNumericArray(values: unknown): values is ArrayLike<number> {
  return (
    ArrayBuffer.isView(values) ||
    (Array.isArray(values) && values.every((v) => typeof v === "number"))
  );
}

/** The values of an int32 tensor held by the cpu backend. */
export function int32Values(backend: CpuBackendLike, info: TensorInfo): Int32Array {
  const values = backend.data.get(info.dataId).values;
  if (!(values instanceof Int32Array)) {
    throw new KernelError(
      "UNEXPECTED_DTYPE",
      "fast cpu kernel",
      `expected int32 values, got ${info.dtype}`,
    );
  }
  return values;
}

/** Copies a float64 accumulator into the float32 array a kernel returns. */
export function toFloat32(acc: Float64Array): Float32Array {
  const out = new Float32Array(acc.length);
  out.set(acc);
  return out;
}
