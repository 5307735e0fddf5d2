import { type KernelFunc, type TensorInfo, backend_util } from "@tensorflow/tfjs-core";
import {
  type FastKernel,
  type KernelArgs,
  cpuBackend,
  float32Values,
  input,
  toFloat32,
} from "./cpu-backend.js";

/**
 * Flat-indexed replacement for the cpu `Conv2DBackpropFilter` (the filter gradient of `conv1d` and
 * `conv2d`). tfjs reads every element through `TensorBuffer.get` in the innermost loop; this walks
 * the same sums with precomputed offsets, accumulating outer products of input and output-gradient
 * channel vectors. Same padding/stride/rounding rules (via `backend_util.computeConv2DInfo`);
 * channels-first layouts and non-float32 inputs go to the original kernel.
 */
export const conv2DBackpropFilterKernel: FastKernel = {
  kernelName: "Conv2DBackpropFilter",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      const dy = input(args, "dy");
      const attrs = args.attrs ?? {};
      const dataFormat = backend_util.convertConv2DDataFormat(
        (attrs.dataFormat as "NHWC" | "NCHW") ?? "NHWC",
      );
      if (x.dtype !== "float32" || dy.dtype !== "float32" || dataFormat !== "channelsLast") {
        return original(args);
      }
      return filterGradient(args, x, dy);
    };
  },
};

function filterGradient(args: KernelArgs, x: TensorInfo, dy: TensorInfo): TensorInfo {
  const backend = cpuBackend(args);
  const attrs = args.attrs ?? {};
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as "same" | "valid" | number,
    attrs.dimRoundingMode as "floor" | "round" | "ceil" | undefined,
    false,
    "channelsLast",
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const xValues = float32Values(backend, x);
  const dyValues = float32Values(backend, dy);
  const xRowStride = inWidth * inChannels;
  const xBatchStride = inHeight * xRowStride;
  const dyRowStride = outWidth * outChannels;
  const dyBatchStride = outHeight * dyRowStride;
  const acc = new Float64Array(filterHeight * filterWidth * inChannels * outChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let wR = 0; wR < filterHeight; wR++) {
        const xR = yR * strideHeight - top + wR;
        if (xR < 0 || xR >= inHeight) continue;
        for (let yC = 0; yC < outWidth; yC++) {
          const dyOffset = b * dyBatchStride + yR * dyRowStride + yC * outChannels;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth - left + wC;
            if (xC < 0 || xC >= inWidth) continue;
            const xOffset = b * xBatchStride + xR * xRowStride + xC * inChannels;
            let wOffset = (wR * filterWidth + wC) * inChannels * outChannels;
            for (let d1 = 0; d1 < inChannels; d1++) {
              const xValue = xValues[xOffset + d1] as number;
              for (let d2 = 0; d2 < outChannels; d2++) {
                acc[wOffset + d2] =
                  (acc[wOffset + d2] as number) + xValue * (dyValues[dyOffset + d2] as number);
              }
              wOffset += outChannels;
            }
          }
        }
      }
    }
  }
  return backend.makeTensorInfo(info.filterShape, "float32", toFloat32(acc));
}
