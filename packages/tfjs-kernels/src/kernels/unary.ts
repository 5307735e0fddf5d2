import type { KernelFunc } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, input } from "./cpu-backend.js";

/** Writes `out[i] = op(x[i])` for every i. */
type UnaryLoop = (x: Float32Array, out: Float32Array) => void;

/**
 * A replacement for an element-wise cpu unary kernel on float32. tfjs runs every unary op through
 * one shared loop that calls the op as a callback per element, which V8 cannot inline once several
 * ops share it; one loop per op runs as straight arithmetic. Other dtypes go to the original.
 */
function unaryKernel(kernelName: string, loop: UnaryLoop): FastKernel {
  return {
    kernelName,
    build(original: KernelFunc): KernelFunc {
      return (args) => {
        const x = input(args, "x");
        const backend = cpuBackend(args);
        const values = backend.data.get(x.dataId).values;
        if (x.dtype !== "float32" || !(values instanceof Float32Array)) return original(args);
        const out = new Float32Array(values.length);
        loop(values, out);
        return backend.makeTensorInfo(x.shape.slice(), "float32", out);
      };
    },
  };
}

/** `Relu` for float32 (NaN stays NaN, as in tfjs's `Math.max(0, x)`). */
export const reluKernel: FastKernel = unaryKernel("Relu", (x, out) => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    // biome-ignore lint/complexity/useMathMinMax: a plain branch, no call, in the hottest loop
    out[i] = v < 0 ? 0 : v;
  }
});

/** `Exp` for float32. */
export const expKernel: FastKernel = unaryKernel("Exp", (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i] as number);
});

/** `Log` for float32. */
export const logKernel: FastKernel = unaryKernel("Log", (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i] as number);
});

/** `Sqrt` for float32. */
export const sqrtKernel: FastKernel = unaryKernel("Sqrt", (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i] as number);
});

/** `Square` for float32. */
export const squareKernel: FastKernel = unaryKernel("Square", (x, out) => {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    out[i] = v * v;
  }
});

/** `Abs` for float32. */
export const absKernel: FastKernel = unaryKernel("Abs", (x, out) => {
  for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i] as number);
});
