export { modelShape } from "./config.js";
export type { ModelShape, ModelSize } from "./config.js";
export {
  registerFastCpuKernels,
  unregisterFastCpuKernels,
  type FastCpuKernelsRegistration,
} from "./kernels/index.js";
