import { type KernelFunc, type TensorInfo, getKernel } from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { fastMatMul } from "./batch-mat-mul.js";
import { type CpuBackendLike, type FastKernel, cpuBackend, input } from "./cpu-backend.js";

/** tfjs's fused activations and the cpu kernels that compute them. */
const ACTIVATION_KERNELS: Record<string, string> = {
  linear: "Identity",
  relu: "Relu",
  elu: "Elu",
  relu6: "Relu6",
  prelu: "Prelu",
  leakyrelu: "LeakyRelu",
  sigmoid: "Sigmoid",
};

/**
 * Replacement for the cpu `_FusedMatMul` (tfjs-layers' Dense, `tf.fused.matMul`): tfjs's version
 * calls its own BatchMatMul directly, so replacing `BatchMatMul` does not reach it. The product
 * uses the fast matMul; bias and activation run through the registered cpu kernels, as in tfjs.
 */
export const fusedMatMulKernel: FastKernel = {
  kernelName: "_FusedMatMul",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const attrs = args.attrs ?? {};
      const activation = attrs.activation as string | undefined;
      if (activation && !(activation in ACTIVATION_KERNELS)) return original(args);
      const backend = cpuBackend(args);
      const product = fastMatMul(
        backend,
        input(args, "a"),
        input(args, "b"),
        Boolean(attrs.transposeA),
        Boolean(attrs.transposeB),
      );
      if (!product) return original(args);
      let current = product;
      const bias = args.inputs.bias;
      if (bias) current = runCpu(backend, "Add", { a: current, b: bias }, {}, current);
      if (activation) {
        const alpha = args.inputs.preluActivationWeights;
        const inputs: Record<string, TensorInfo> =
          activation === "prelu" && alpha ? { x: current, alpha } : { x: current };
        const kernelAttrs: Record<string, number> =
          activation === "leakyrelu" ? { alpha: attrs.leakyreluAlpha as number } : {};
        current = runCpu(
          backend,
          ACTIVATION_KERNELS[activation] as string,
          inputs,
          kernelAttrs,
          current,
        );
      }
      return current;
    };
  },
};

/** Runs a registered cpu kernel and frees `consumed` (the previous intermediate). */
function runCpu(
  backend: CpuBackendLike,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, number>,
  consumed: TensorInfo,
): TensorInfo {
  const kernel = getKernel(kernelName, "cpu");
  if (!kernel) {
    throw new KernelError(
      "KERNEL_NOT_REGISTERED",
      "_FusedMatMul",
      `cpu kernel ${kernelName} is not registered`,
    );
  }
  const out = kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
  backend.disposeIntermediateTensorInfo(consumed);
  return out;
}
