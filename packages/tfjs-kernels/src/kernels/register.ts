import {
  type KernelConfig,
  getKernel,
  registerKernel,
  unregisterKernel,
} from "@tensorflow/tfjs-core";
import { addKernel, multiplyKernel, realDivKernel, subKernel } from "./arithmetic.js";
import {
  equalKernel,
  greaterEqualKernel,
  greaterKernel,
  lessKernel,
  maximumKernel,
  minimumKernel,
} from "./comparison.js";
import { batchMatMulKernel } from "./batch-mat-mul.js";
import { conv2DBackpropFilterKernel } from "./conv2d-backprop-filter.js";
import { KernelError } from "../errors.js";
import {
  DEFAULT_MIN_ONNX_MACS,
  onnxBatchMatMulKernel,
  onnxFusedMatMulKernel,
} from "../ort/ort-mat-mul.js";
import { type OnnxRuntime, loadOnnxRuntime } from "../ort/runtime.js";
import type { FastKernel } from "./cpu-backend.js";
import { fusedMatMulKernel } from "./fused-mat-mul.js";
import { gatherV2Kernel } from "./gather-v2.js";
import { maxKernel } from "./max.js";
import { meanKernel } from "./mean.js";
import { padV2Kernel } from "./pad-v2.js";
import { sliceKernel } from "./slice.js";
import { splitVKernel } from "./split-v.js";
import { sumKernel } from "./sum.js";
import { transposeKernel } from "./transpose.js";
import {
  absKernel,
  expKernel,
  floorKernel,
  logKernel,
  reluKernel,
  sqrtKernel,
  squareKernel,
  stepKernel,
} from "./unary.js";
import { concatKernel } from "./concat.js";
import { scatterNdKernel } from "./scatter-nd.js";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum.js";

const BACKEND = "cpu";

/** Every replacement kernel, in registration order. */
export const FAST_CPU_KERNELS: readonly FastKernel[] = [
  unsortedSegmentSumKernel,
  scatterNdKernel,
  concatKernel,
  conv2DBackpropFilterKernel,
  sliceKernel,
  splitVKernel,
  padV2Kernel,
  batchMatMulKernel,
  multiplyKernel,
  addKernel,
  subKernel,
  realDivKernel,
  sumKernel,
  meanKernel,
  gatherV2Kernel,
  transposeKernel,
  fusedMatMulKernel,
  maxKernel,
  reluKernel,
  expKernel,
  logKernel,
  sqrtKernel,
  squareKernel,
  absKernel,
  floorKernel,
  stepKernel,
  equalKernel,
  greaterKernel,
  greaterEqualKernel,
  lessKernel,
  maximumKernel,
  minimumKernel,
];

/** tfjs's own configs, kept while ours are registered; keyed by kernel name. */
const originals = new Map<string, KernelConfig>();
/** Our configs, to tell them apart from a kernel someone registered after us. */
const installed = new Map<string, KernelConfig>();
/** The registration in force and the options key it was made with. */
let current: { key: string; registration: FastCpuKernelsRegistration } | null = null;
/** onnxruntime sessions of the registration in force. */
let runtime: OnnxRuntime | null = null;

/** Set to `off` to make `onnxruntime: "auto"` behave as if onnxruntime-node were not installed. */
export const ONNXRUNTIME_ENV = "BIORE_ONNXRUNTIME";

/** Options of {@link registerFastCpuKernels}. */
export interface FastCpuKernelsOptions {
  /**
   * `"auto"` (default): route matmuls through onnxruntime-node when it is installed, else JS;
   * `false`: JS kernels only; `true`: onnxruntime-node is required (throws when absent).
   */
  onnxruntime?: boolean | "auto";
  /** onnxruntime's intra-op threads; default: the machine's cores (`os.availableParallelism()`). */
  threads?: number;
  /** Products with fewer multiply-adds stay in JS, where a native call would cost more than it saves. */
  minOnnxMacs?: number;
  /**
   * Let onnxruntime's idle worker threads spin between calls (its own default). Off by default:
   * tfjs runs JS kernels between matmuls, and spinning workers take the cores those need
   * (measured on 2 cores: a matmul + JS loop step took 16 ms spinning, 6 ms not).
   */
  spinning?: boolean;
}

/** Result of {@link registerFastCpuKernels}: what now runs on the cpu backend, and why. */
export interface FastCpuKernelsRegistration {
  /** Names of the cpu kernels now replaced. */
  registered: string[];
  onnxruntime: {
    /** Whether matmul kernels run through onnxruntime's CPU engine. */
    active: boolean;
    /** The kernels routed to onnxruntime (empty when not active). */
    kernels: string[];
    version: string | null;
    threads: number | null;
    /** Why it is (not) active, e.g. `onnxruntime-node is not installed`. */
    reason: string;
  };
  /** One line for a log: what was installed and why. */
  summary: string;
}

/**
 * Replaces slow kernels of tfjs's pure-JS `cpu` backend with fast ones and, when onnxruntime-node
 * is installed, routes `BatchMatMul` and `_FusedMatMul` through its CPU engine (JS kernels stay
 * as the fallback for shapes it does not take). Other backends are never touched. Calling it
 * again with the same options is a no-op; with other options it re-registers. Kernels the cpu
 * backend has not registered (backend not loaded) are skipped.
 */
export function registerFastCpuKernels(
  options: FastCpuKernelsOptions = {},
): FastCpuKernelsRegistration {
  const mode = options.onnxruntime ?? "auto";
  if (mode !== "auto" && typeof mode !== "boolean") {
    throw new KernelError(
      "INVALID_OPTION",
      "onnxruntime",
      `expected true, false or "auto", got ${String(mode)}`,
    );
  }
  const minMacs = options.minOnnxMacs ?? DEFAULT_MIN_ONNX_MACS;
  if (!(minMacs >= 0)) {
    throw new KernelError(
      "INVALID_OPTION",
      "minOnnxMacs",
      `expected a number >= 0, got ${String(minMacs)}`,
    );
  }
  const disabledByEnv = mode === "auto" && process.env[ONNXRUNTIME_ENV] === "off";
  const spinning = options.spinning ?? false;
  const key = JSON.stringify([disabledByEnv ? false : mode, options.threads, minMacs, spinning]);
  if (current?.key === key && stillInstalled()) return current.registration;
  unregisterFastCpuKernels();

  let reason = "disabled by the onnxruntime: false option";
  if (disabledByEnv) reason = `disabled by ${ONNXRUNTIME_ENV}=off`;
  else if (mode !== false) {
    const loaded = loadOnnxRuntime(options.threads, spinning);
    if (!loaded.runtime && mode === true) {
      throw new KernelError(
        "INVALID_OPTION",
        "onnxruntime",
        `${loaded.reason} (onnxruntime: true requires it)`,
      );
    }
    runtime = loaded.runtime;
    reason = loaded.reason;
  }
  const onnxKernels = runtime
    ? [onnxBatchMatMulKernel(runtime, minMacs), onnxFusedMatMulKernel(runtime, minMacs)]
    : [];
  const registered: string[] = [];
  for (const fast of FAST_CPU_KERNELS) {
    const original = getKernel(fast.kernelName, BACKEND);
    if (!original) continue;
    let kernelFunc = fast.build(original.kernelFunc);
    // onnxruntime first; the JS kernel (then tfjs's own) takes what it declines.
    for (const onnx of onnxKernels) {
      if (onnx.kernelName === fast.kernelName) kernelFunc = onnx.build(kernelFunc);
    }
    const config: KernelConfig = { ...original, kernelFunc };
    unregisterKernel(fast.kernelName, BACKEND);
    registerKernel(config);
    originals.set(fast.kernelName, original);
    installed.set(fast.kernelName, config);
    registered.push(fast.kernelName);
  }
  const active = runtime !== null && registered.length > 0;
  const kernels = active ? onnxKernels.map((k) => k.kernelName) : [];
  const registration: FastCpuKernelsRegistration = {
    registered,
    onnxruntime: {
      active,
      kernels,
      version: runtime?.version ?? null,
      threads: runtime?.threads ?? null,
      reason: registered.length === 0 ? "cpu backend not loaded" : reason,
    },
    summary:
      registered.length === 0
        ? "fast cpu kernels: none installed (tfjs's cpu backend is not loaded)"
        : `fast cpu kernels: ${registered.length} JS kernels; ${
            active ? `${kernels.join(" and ")} through ${reason}` : `no onnxruntime (${reason})`
          }`,
  };
  current = { key, registration };
  return registration;
}

/**
 * The registration in force on the cpu backend, or null when the fast kernels are not (or no
 * longer) installed. Lets a library pick the tensor path on cpu when matmuls are fast.
 */
export function fastCpuKernelsInForce(): FastCpuKernelsRegistration | null {
  return current && stillInstalled() ? current.registration : null;
}

/**
 * The onnxruntime engine of the registration in force, or null (none registered, onnxruntime not
 * active, or the kernels since replaced). For fused forward-only ops that run a whole graph.
 */
export function onnxRuntimeInForce(): OnnxRuntime | null {
  return current && stillInstalled() ? runtime : null;
}

/** Whether every kernel of the registration in force is still ours (nobody replaced them since). */
function stillInstalled(): boolean {
  for (const [name, config] of installed) if (getKernel(name, BACKEND) !== config) return false;
  return installed.size > 0;
}

/** Puts tfjs's original cpu kernels back (a no-op for kernels that were not replaced). */
export function unregisterFastCpuKernels(): void {
  for (const [kernelName, original] of originals) {
    const now = getKernel(kernelName, BACKEND);
    if (now && now === installed.get(kernelName)) {
      unregisterKernel(kernelName, BACKEND);
      registerKernel(original);
    }
    originals.delete(kernelName);
    installed.delete(kernelName);
  }
  runtime?.dispose();
  runtime = null;
  current = null;
}
