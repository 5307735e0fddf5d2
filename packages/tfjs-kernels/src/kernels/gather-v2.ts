import { type KernelFunc, backend_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, input } from "./cpu-backend.js";
import { type NumericArray, emptyLike, numericValues } from "./strided-copy.js";

/**
 * Rows at least this wide are copied with `TypedArray.prototype.set` (a memmove); narrower ones
 * by a plain loop, which beats the per-call cost of `subarray` + `set` below it. From
 * bench/gather.ts (3200 rows: the loop wins 10× at width 1 and 1.3× at 16; `set` wins 1.5× at
 * 32, 2.5× at 64 and 8× at 768).
 */
const SET_MIN_WIDTH = 24;

/**
 * Row-copying replacement for the cpu `GatherV2` (`tf.gather`, embedding lookups). tfjs maps every
 * output element back to its source through `indexToLoc`/`locToIndex`; this copies whole slices.
 * Indices are checked exactly as tfjs does (an error for any index outside [0, dim - 1], naming
 * the first such index). Strings and complex tensors go to the original.
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
      checkIndices(ids, axisDim);
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
          o = copyRows(values, ids, b * perBatch, perBatch, base, sliceSize, out, o);
        }
      }
      return backend.makeTensorInfo(info.outputShape, dtype, out);
    };
  },
};

/** tfjs's bounds check and message, without building a message closure per index. */
function checkIndices(ids: ArrayLike<number>, axisDim: number): void {
  const last = axisDim - 1;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (!(id <= last && id >= 0)) {
      util.assert(false, () => `GatherV2: the index value ${id} is not in [0, ${last}]`);
    }
  }
}

/**
 * Copies the slices `ids[first .. first + count)` of the block starting at slice `base` of
 * `values` (slices of `width` elements) to `out` from `o` on; returns the next output offset.
 */
function copyRows(
  values: NumericArray,
  ids: ArrayLike<number>,
  first: number,
  count: number,
  base: number,
  width: number,
  out: NumericArray,
  o: number,
): number {
  const end = first + count;
  if (width === 1) {
    for (let i = first; i < end; i++) out[o++] = values[base + (ids[i] as number)] as number;
    return o;
  }
  if (width < SET_MIN_WIDTH) {
    for (let i = first; i < end; i++) {
      const from = (base + (ids[i] as number)) * width;
      for (let k = 0; k < width; k++) out[o + k] = values[from + k] as number;
      o += width;
    }
    return o;
  }
  for (let i = first; i < end; i++) {
    const from = (base + (ids[i] as number)) * width;
    out.set(values.subarray(from, from + width), o);
    o += width;
  }
  return o;
}
