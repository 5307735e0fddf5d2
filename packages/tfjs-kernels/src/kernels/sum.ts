import { toFloat32 } from "./cpu-backend.js";
import { reductionKernel, sumOverAxes } from "./reduce-sum.js";

/**
 * One-pass replacement for the cpu `Sum` on float32 (bias gradients, broadcast gradients,
 * losses). tfjs first transposes the reduced axes to the end, element by element, whenever they
 * are not already innermost. Other dtypes go to the original.
 */
export const sumKernel = reductionKernel("Sum", "axis", (values, shape, axes) =>
  toFloat32(sumOverAxes(values, shape, axes)),
);
