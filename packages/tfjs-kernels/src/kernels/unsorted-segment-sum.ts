import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import {
  type FastKernel,
  type KernelArgs,
  cpuBackend,
  float32Values,
  input,
  int32Values,
  toFloat32,
} from "./cpu-backend.js";

/**
 * Scatter-add replacement for the cpu `UnsortedSegmentSum` (the gradient of `gather`, so of every
 * embedding). tfjs loops over all `numSegments` rows with whole-tensor ops, O(rows × vocabulary);
 * this adds each row of `x` once into its segment. Ids < 0 or ≥ `numSegments` are dropped, as in
 * tfjs. Unlike tfjs's cpu kernel, a NaN in one row stays in that row's segment instead of spreading
 * to every segment (TensorFlow's semantics). Non-float32 inputs and segment ids of rank > 1 go to
 * the original kernel.
 */
export const unsortedSegmentSumKernel: FastKernel = {
  kernelName: "UnsortedSegmentSum",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      const segmentIds = input(args, "segmentIds");
      const usable =
        x.dtype === "float32" &&
        segmentIds.dtype === "int32" &&
        segmentIds.shape.length === 1 &&
        x.shape.length >= 1 &&
        x.shape[0] === segmentIds.shape[0];
      return usable ? scatterAdd(args, x, segmentIds) : original(args);
    };
  },
};

function scatterAdd(args: KernelArgs, x: TensorInfo, segmentIds: TensorInfo): TensorInfo {
  const backend = cpuBackend(args);
  const numSegments = Number(args.attrs?.numSegments);
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new KernelError(
      "INVALID_ATTRIBUTE",
      "UnsortedSegmentSum",
      `numSegments must be a non-negative integer, got ${numSegments}`,
    );
  }
  const xValues = float32Values(backend, x);
  const ids = int32Values(backend, segmentIds);
  const rows = ids.length;
  const rowSize = x.shape.slice(1).reduce((a, b) => a * b, 1);
  // Accumulate in float64 like tfjs's Sum does, so results match it to rounding.
  const acc = new Float64Array(numSegments * rowSize);
  for (let row = 0; row < rows; row++) {
    const segment = ids[row] as number;
    if (segment < 0 || segment >= numSegments) continue;
    const from = row * rowSize;
    const to = segment * rowSize;
    for (let k = 0; k < rowSize; k++) {
      acc[to + k] = (acc[to + k] as number) + (xValues[from + k] as number);
    }
  }
  return backend.makeTensorInfo([numSegments, ...x.shape.slice(1)], "float32", toFloat32(acc));
}
