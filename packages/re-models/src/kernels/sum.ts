import { type KernelFunc, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, float32Values, input, toFloat32 } from "./cpu-backend.js";
import { reducedShape, sumOverAxes } from "./reduce-sum.js";

/**
 * One-pass replacement for the cpu `Sum` on float32 (bias gradients, broadcast gradients,
 * losses). tfjs first transposes the reduced axes to the end, element by element, whenever they
 * are not already innermost. Other dtypes go to the original.
 */
export const sumKernel: FastKernel = {
  kernelName: "Sum",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      if (x.dtype !== "float32") return original(args);
      const backend = cpuBackend(args);
      const attrs = args.attrs ?? {};
      const axes = util.parseAxisParam(attrs.axis as number | number[], x.shape);
      const acc = sumOverAxes(float32Values(backend, x), x.shape, axes);
      return backend.makeTensorInfo(
        reducedShape(x.shape, axes, Boolean(attrs.keepDims)),
        "float32",
        toFloat32(acc),
      );
    };
  },
};
