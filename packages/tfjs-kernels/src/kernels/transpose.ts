import { type KernelFunc, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, input } from "./cpu-backend.js";
import { emptyLike, numericValues } from "./strided-copy.js";

/**
 * Stride-walking replacement for the cpu `Transpose` (used by the gather gradient and by
 * tfjs-layers). tfjs maps every element through `indexToLoc`/`locToIndex`; this walks the output
 * in order with the input's permuted strides. Strings and complex tensors go to the original.
 */
export const transposeKernel: FastKernel = {
  kernelName: "Transpose",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      const backend = cpuBackend(args);
      const values = numericValues(backend.data.get(x.dataId).values, x.dtype);
      const perm = (args.attrs?.perm ?? []) as number[];
      const rank = x.shape.length;
      if (!values || rank === 0 || perm.length !== rank) return original(args);
      const outShape = perm.map((p) => x.shape[p] as number);
      const dtype = x.dtype as "float32" | "int32" | "bool";
      const out = emptyLike(dtype, values.length);
      if (out.length > 0) {
        const xStrides = [...util.computeStrides(x.shape), 1];
        walk(
          values,
          perm.map((p) => xStrides[p] as number),
          out,
          outShape,
        );
      }
      return backend.makeTensorInfo(outShape, dtype, out);
    };
  },
};

function walk(
  src: ArrayLike<number>,
  srcStrides: readonly number[],
  dst: { [i: number]: number; length: number },
  outShape: readonly number[],
): void {
  const last = outShape.length - 1;
  const n = outShape[last] as number;
  const step = srcStrides[last] as number;
  const index = new Array<number>(last).fill(0);
  const rows = dst.length / n;
  let from = 0;
  for (let r = 0; r < rows; r++) {
    const to = r * n;
    for (let k = 0; k < n; k++) dst[to + k] = src[from + k * step] as number;
    for (let d = last - 1; d >= 0; d--) {
      const next = (index[d] as number) + 1;
      if (next < (outShape[d] as number)) {
        index[d] = next;
        from += srcStrides[d] as number;
        break;
      }
      index[d] = 0;
      from -= (next - 1) * (srcStrides[d] as number);
    }
  }
}
