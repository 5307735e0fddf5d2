import { type KernelFunc, backend_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, float32Values, input, toFloat32 } from "./cpu-backend.js";
import { reducedShape, sumOverAxes } from "./reduce-sum.js";

/**
 * One-pass replacement for the cpu `Mean` on float32 (layer norm, `tf.moments`). tfjs computes
 * `sum(x / n)` through its transposing Sum; this computes the same expression in one pass. Other
 * dtypes go to the original.
 */
export const meanKernel: FastKernel = {
  kernelName: "Mean",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      if (x.dtype !== "float32") return original(args);
      const backend = cpuBackend(args);
      const attrs = args.attrs ?? {};
      const axes = util.parseAxisParam(attrs.axis as number | number[], x.shape);
      const [, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
      const count = util.sizeFromShape(reduceShape);
      const acc = sumOverAxes(float32Values(backend, x), x.shape, axes, count);
      return backend.makeTensorInfo(
        reducedShape(x.shape, axes, Boolean(attrs.keepDims)),
        "float32",
        toFloat32(acc),
      );
    };
  },
};
