export { type KernelErrorCode, KernelError } from "./errors.js";
export {
  FAST_CPU_KERNELS,
  type FastCpuKernelsRegistration,
  type FastKernel,
  registerFastCpuKernels,
  unregisterFastCpuKernels,
} from "./kernels/index.js";
export { gatherRows } from "./ops/gather-rows.js";
