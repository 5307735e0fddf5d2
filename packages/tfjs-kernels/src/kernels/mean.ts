import { backend_util, util } from "@tensorflow/tfjs-core";
import { toFloat32 } from "./cpu-backend.js";
import { reductionKernel, sumOverAxes } from "./reduce-sum.js";

/**
 * One-pass replacement for the cpu `Mean` on float32 (layer norm, `tf.moments`). tfjs computes
 * `sum(x / n)` through its transposing Sum; this computes the same expression in one pass. Other
 * dtypes go to the original.
 */
export const meanKernel = reductionKernel("Mean", "axis", (values, shape, axes) => {
  const [, reduceShape] = backend_util.computeOutAndReduceShapes(
    shape as number[],
    axes as number[],
  );
  return toFloat32(sumOverAxes(values, shape, axes, util.sizeFromShape(reduceShape)));
});
