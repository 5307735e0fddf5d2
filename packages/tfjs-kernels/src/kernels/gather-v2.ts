import { type KernelFunc, backend_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, input } from "./cpu-backend.js";
import { emptyLike, numericValues } from "./strided-copy.js";

/**
 * Row-copying replacement for the cpu `GatherV2` (`tf.gather`, embedding lookups). tfjs maps every
 * output element back to its source through `indexToLoc`/`locToIndex`; this copies whole slices.
 * Indices are checked exactly as tfjs does (an error for any index outside [0, dim - 1]). Strings
 * and complex tensors go to the original.
 */
export const gatherV2Kernel: FastKernel = {
  kernelName: "GatherV2",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      const indices = input(args, "indices");
      const backend = cpuBackend(args);
      const values = numericValues(backend.data.get(x.dataId).values, x.dtype);
      const ids = backend.data.get(indices.dataId).values as ArrayLike<number> | undefined;
      if (!values || !ids || indices.dtype === "string" || indices.dtype === "complex64")
        return original(args);
      const attrs = args.attrs ?? {};
      const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0] as number;
      const axisDim = x.shape[axis] as number;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        util.assert(
          id <= axisDim - 1 && id >= 0,
          () => `GatherV2: the index value ${id} is not in [0, ${axisDim - 1}]`,
        );
      }
      const batchDims = (attrs.batchDims as number | undefined) ?? 0;
      const info = backend_util.segment_util.collectGatherOpShapeInfo(x, indices, axis, batchDims);
      const { batchSize, outerSize, dimSize, sliceSize } = info;
      if (batchSize === 0) return original(args);
      const perBatch = ids.length / batchSize;
      const dtype = x.dtype as "float32" | "int32" | "bool";
      const out = emptyLike(dtype, batchSize * outerSize * perBatch * sliceSize);
      let o = 0;
      for (let b = 0; b < batchSize; b++) {
        for (let outer = 0; outer < outerSize; outer++) {
          const base = (b * outerSize + outer) * dimSize;
          for (let i = 0; i < perBatch; i++) {
            const from = (base + (ids[b * perBatch + i] as number)) * sliceSize;
            for (let k = 0; k < sliceSize; k++) out[o + k] = values[from + k] as number;
            o += sliceSize;
          }
        }
      }
      return backend.makeTensorInfo(info.outputShape, dtype, out);
    };
  },
};
