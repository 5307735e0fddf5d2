export {
  FAST_CPU_KERNELS,
  type FastCpuKernelsOptions,
  type FastCpuKernelsRegistration,
  ONNXRUNTIME_ENV,
  fastCpuKernelsInForce,
  registerFastCpuKernels,
  unregisterFastCpuKernels,
} from "./register.js";
export type { FastKernel } from "./cpu-backend.js";
