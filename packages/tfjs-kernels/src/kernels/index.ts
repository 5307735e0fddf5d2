export { registerFastCpuKernels, unregisterFastCpuKernels, FAST_CPU_KERNELS } from "./register.js";
export type { FastCpuKernelsRegistration } from "./register.js";
export type { FastKernel } from "./cpu-backend.js";
