import {
  type KernelConfig,
  getKernel,
  registerKernel,
  unregisterKernel,
} from "@tensorflow/tfjs-core";
import { addKernel, multiplyKernel, realDivKernel, subKernel } from "./arithmetic.js";
import { batchMatMulKernel } from "./batch-mat-mul.js";
import { conv2DBackpropFilterKernel } from "./conv2d-backprop-filter.js";
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
import { absKernel, expKernel, logKernel, reluKernel, sqrtKernel, squareKernel } from "./unary.js";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum.js";

const BACKEND = "cpu";

/** Every replacement kernel, in registration order. */
export const FAST_CPU_KERNELS: readonly FastKernel[] = [
  unsortedSegmentSumKernel,
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
];

/** tfjs's own configs, kept while ours are registered; keyed by kernel name. */
const originals = new Map<string, KernelConfig>();
/** Our configs, to tell them apart from a kernel someone registered after us. */
const installed = new Map<string, KernelConfig>();

/** Result of {@link registerFastCpuKernels}: names of the kernels now replaced on the cpu backend. */
export interface FastCpuKernelsRegistration {
  registered: string[];
}

/**
 * Replaces slow kernels of tfjs's pure-JS `cpu` backend with fast ones; other backends are never
 * touched. Idempotent. Kernels the cpu backend has not registered (backend not loaded) are skipped.
 */
export function registerFastCpuKernels(): FastCpuKernelsRegistration {
  const registered: string[] = [];
  for (const fast of FAST_CPU_KERNELS) {
    const current = getKernel(fast.kernelName, BACKEND);
    if (current && current === installed.get(fast.kernelName)) {
      registered.push(fast.kernelName);
      continue;
    }
    if (!current) continue;
    const config: KernelConfig = { ...current, kernelFunc: fast.build(current.kernelFunc) };
    unregisterKernel(fast.kernelName, BACKEND);
    registerKernel(config);
    originals.set(fast.kernelName, current);
    installed.set(fast.kernelName, config);
    registered.push(fast.kernelName);
  }
  return { registered };
}

/** Puts tfjs's original cpu kernels back (a no-op for kernels that were not replaced). */
export function unregisterFastCpuKernels(): void {
  for (const [kernelName, original] of originals) {
    const current = getKernel(kernelName, BACKEND);
    if (current && current === installed.get(kernelName)) {
      unregisterKernel(kernelName, BACKEND);
      registerKernel(original);
    }
    originals.delete(kernelName);
    installed.delete(kernelName);
  }
}
