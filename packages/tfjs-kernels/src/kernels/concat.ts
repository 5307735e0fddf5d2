import { type KernelFunc, type TensorInfo, backend_util, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, float32Values } from "./cpu-backend.js";

/** Rows at least this wide are copied with `set(subarray)`; narrower ones with a loop. */
const SET_FROM = 24;

/**
 * `Concat` (`tf.concat`, e.g. a pair's feature blocks side by side) for float32 tensors: viewed as
 * [outer, inner_i] matrices, each output row is the inputs' rows one after another, copied with
 * `set(subarray)` when wide and a tight loop when narrow (tfjs's kernel reads every element through
 * a generic loop). Other dtypes, and the cases tfjs's kernel handles without copying (one
 * non-empty input, an empty result), go to tfjs's kernel.
 */
export const concatKernel: FastKernel = {
  kernelName: "Concat",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const inputs = Object.values(args.inputs) as TensorInfo[];
      if (inputs.length < 2 || inputs.some((t) => t.dtype !== "float32")) return original(args);
      const axis = util.parseAxisParam(
        args.attrs?.axis as number,
        (inputs[0] as TensorInfo).shape,
      )[0] as number;
      const shapes = inputs.map((t) => t.shape);
      backend_util.assertParamsConsistent(shapes, axis);
      const outShape = backend_util.computeOutShape(shapes, axis);
      const nonEmpty = inputs.filter((t) => util.sizeFromShape(t.shape) > 0);
      if (util.sizeFromShape(outShape) === 0 || nonEmpty.length < 2) return original(args);
      const backend = cpuBackend(args);
      const outer = util.sizeFromShape(outShape.slice(0, axis));
      const widths = nonEmpty.map((t) => util.sizeFromShape(t.shape.slice(axis)));
      const total = widths.reduce((a, b) => a + b, 0);
      const out = new Float32Array(outer * total);
      let column = 0;
      nonEmpty.forEach((t, i) => {
        const values = float32Values(backend, t);
        const width = widths[i] as number;
        if (width >= SET_FROM || outer === 1) {
          for (let r = 0; r < outer; r++) {
            out.set(values.subarray(r * width, (r + 1) * width), r * total + column);
          }
        } else {
          for (let r = 0, from = 0; r < outer; r++) {
            const to = r * total + column;
            for (let c = 0; c < width; c++) out[to + c] = values[from++] as number;
          }
        }
        column += width;
      });
      return backend.makeTensorInfo(outShape, "float32", out);
    };
  },
};
