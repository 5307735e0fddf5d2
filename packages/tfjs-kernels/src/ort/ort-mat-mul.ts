import { type KernelFunc, type TensorInfo, broadcast_util, util } from "@tensorflow/tfjs-core";
import {
  type CpuBackendLike,
  type FastKernel,
  type KernelArgs,
  cpuBackend,
  float32Values,
  input,
} from "../kernels/cpu-backend.js";
import {
  GRAPH_ACTIVATIONS,
  type MatMulGraphConfig,
  matMulGraph,
  matMulGraphKey,
} from "./matmul-graph.js";
import type { DenseArray, OnnxRuntime } from "./runtime.js";

/** Products smaller than this many multiply-adds stay in JS: a native call costs ~20 µs. */
export const DEFAULT_MIN_ONNX_MACS = 32 * 32 * 32;

/** The epilogue `_FusedMatMul` asks for, in a form the graph can take, or null if it cannot. */
interface Epilogue {
  bias: TensorInfo | null;
  activation: string;
  leakyAlpha: number;
  alpha: TensorInfo | null;
}

/** `BatchMatMul` through onnxruntime's MatMul; shapes it cannot take go to `fallback`. */
export function onnxBatchMatMulKernel(runtime: OnnxRuntime, minMacs: number): FastKernel {
  return {
    kernelName: "BatchMatMul",
    build(fallback: KernelFunc): KernelFunc {
      return (args) =>
        runMatMul(runtime, minMacs, args, {
          bias: null,
          activation: "linear",
          leakyAlpha: 0,
          alpha: null,
        }) ?? fallback(args);
    },
  };
}

/**
 * `_FusedMatMul` (Dense layers, `tf.fused.matMul`) as one onnxruntime graph: product, bias and
 * activation. tfjs's cpu version calls its own matmul directly, so it needs its own override.
 */
export function onnxFusedMatMulKernel(runtime: OnnxRuntime, minMacs: number): FastKernel {
  return {
    kernelName: "_FusedMatMul",
    build(fallback: KernelFunc): KernelFunc {
      return (args) => {
        const epilogue = fusedEpilogue(args);
        return (epilogue && runMatMul(runtime, minMacs, args, epilogue)) ?? fallback(args);
      };
    },
  };
}

function fusedEpilogue(args: KernelArgs): Epilogue | null {
  const attrs = args.attrs ?? {};
  const activation = (attrs.activation as string | undefined) ?? "linear";
  if (!GRAPH_ACTIVATIONS.includes(activation)) return null;
  const bias = args.inputs.bias ?? null;
  const alpha = activation === "prelu" ? (args.inputs.preluActivationWeights ?? null) : null;
  if (activation === "prelu" && !alpha) return null;
  return { bias, activation, leakyAlpha: Number(attrs.leakyreluAlpha ?? 0.2), alpha };
}

/** Runs the product (and epilogue) in onnxruntime, or returns null where it does not apply. */
function runMatMul(
  runtime: OnnxRuntime,
  minMacs: number,
  args: KernelArgs,
  epilogue: Epilogue,
): TensorInfo | null {
  const a = input(args, "a");
  const b = input(args, "b");
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  if (a.dtype !== "float32" || b.dtype !== "float32") return null;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) return null;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  if (k !== (transposeB ? bCols : bRows)) return null; // tfjs throws its own error
  const batchA = util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = util.sizeFromShape(b.shape.slice(0, -2));
  // tfjs broadcasts other batch shapes by modulo over flattened batches; leave those to it.
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const batch = Math.max(batchA, batchB);
  if (batch * m * n * k < minMacs || m * n * k === 0) return null;
  const outShape = [
    ...broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)),
    m,
    n,
  ];
  const bias = vectorOf(epilogue.bias, n, outShape.length);
  const alpha = vectorOf(epilogue.alpha, n, outShape.length);
  if (bias === undefined || alpha === undefined) return null;
  const backend = cpuBackend(args);
  // A batch against one shared right operand is one tall product: fold the batch into rows.
  const foldA = batchB === 1 && !transposeA;
  const aDims = batchA === 1 || foldA ? [batchA * aRows, aCols] : [batchA, aRows, aCols];
  const bDims = batchB === 1 ? [bRows, bCols] : [batchB, bRows, bCols];
  const config: MatMulGraphConfig = {
    rankA: aDims.length as 2 | 3,
    rankB: bDims.length as 2 | 3,
    transposeA,
    transposeB,
    bias: bias !== null,
    activation: epilogue.activation,
    leakyAlpha: epilogue.leakyAlpha,
  };
  const feeds: Record<string, DenseArray> = {
    a: { data: float32Values(backend, a), dims: aDims },
    b: { data: float32Values(backend, b), dims: bDims },
  };
  if (bias) feeds.bias = denseVector(backend, bias);
  if (alpha) feeds.alpha = denseVector(backend, alpha);
  const out = runtime.run(matMulGraphKey(config), () => matMulGraph(config), feeds);
  return backend.makeTensorInfo(outShape, "float32", out);
}

/**
 * `info` when it holds one value per output column or a single value (the graph broadcasts it
 * along the last axis), null when absent, undefined when the graph cannot take it.
 */
function vectorOf(
  info: TensorInfo | null,
  n: number,
  outRank: number,
): TensorInfo | null | undefined {
  if (!info) return null;
  if (info.dtype !== "float32" || info.shape.length > outRank) return undefined;
  const size = util.sizeFromShape(info.shape);
  const lastAxisOnly = size === 1 || (size === n && info.shape[info.shape.length - 1] === n);
  return lastAxisOnly ? info : undefined;
}

function denseVector(backend: CpuBackendLike, info: TensorInfo): DenseArray {
  const data = float32Values(backend, info);
  return { data, dims: [data.length] };
}
