import { type KernelFunc, backend_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, input } from "./cpu-backend.js";
import { sliceBlock } from "./slice.js";
import { numericValues } from "./strided-copy.js";

/**
 * Replacement for the cpu `SplitV` (`tf.split`), which calls tfjs's element-by-element Slice
 * directly (so replacing `Slice` alone does not reach it). Strings and complex tensors go to the
 * original.
 */
export const splitVKernel: FastKernel = {
  kernelName: "SplitV",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      const backend = cpuBackend(args);
      const values = numericValues(backend.data.get(x.dataId).values, x.dtype);
      if (!values) return original(args);
      const attrs = args.attrs ?? {};
      const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0] as number;
      const sizes = backend_util.prepareSplitSize(
        x,
        attrs.numOrSizeSplits as number[] | number,
        axis,
      );
      const begin = new Array<number>(x.shape.length).fill(0);
      return sizes.map((s) => {
        const size = [...x.shape];
        size[axis] = s;
        const piece = sliceBlock(backend, x, values, [...begin], size);
        begin[axis] = (begin[axis] as number) + s;
        return piece;
      });
    };
  },
};
