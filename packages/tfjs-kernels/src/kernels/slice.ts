import { type KernelFunc, type TensorInfo, slice_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, input } from "./cpu-backend.js";
import { copyBlock, emptyLike, numericValues } from "./strided-copy.js";

/**
 * Run-copying replacement for the cpu `Slice`. tfjs copies a non-contiguous slice (e.g. a time
 * window of a [batch, time, channels] tensor) one element at a time through `indexToLoc`; this
 * copies whole innermost rows. Contiguous slices, strings and complex tensors go to the original.
 */
export const sliceKernel: FastKernel = {
  kernelName: "Slice",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      const backend = cpuBackend(args);
      const values = numericValues(backend.data.get(x.dataId).values, x.dtype);
      const attrs = args.attrs ?? {};
      const [begin, size] = slice_util.parseSliceParams(
        x,
        attrs.begin as number[],
        attrs.size as number[],
      ) as [number[], number[]];
      slice_util.assertParamsValid(x, begin, size);
      if (!values || slice_util.isSliceContinous(x.shape, begin, size)) return original(args);
      return sliceBlock(backend, x, values, begin, size);
    };
  },
};

/** The block `begin`/`size` of `x` as a new tensor (shared with SplitV). */
export function sliceBlock(
  backend: ReturnType<typeof cpuBackend>,
  x: TensorInfo,
  values: NonNullable<ReturnType<typeof numericValues>>,
  begin: number[],
  size: number[],
): TensorInfo {
  const dtype = x.dtype as "float32" | "int32" | "bool";
  const out = emptyLike(dtype, util.sizeFromShape(size));
  copyBlock(values, x.shape, begin, out, size, new Array<number>(size.length).fill(0), size);
  return backend.makeTensorInfo(size, dtype, out);
}
