import { type KernelFunc, util } from "@tensorflow/tfjs-core";
import { type FastKernel, cpuBackend, input } from "./cpu-backend.js";
import { copyBlock, emptyLike, numericValues } from "./strided-copy.js";

/**
 * Run-copying replacement for the cpu `PadV2` (`tf.pad`, and the gradient of `slice`), which
 * places every element through `indexToLoc`/`locToIndex`. Strings, complex tensors and negative
 * paddings go to the original.
 */
export const padV2Kernel: FastKernel = {
  kernelName: "PadV2",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const x = input(args, "x");
      const backend = cpuBackend(args);
      const values = numericValues(backend.data.get(x.dataId).values, x.dtype);
      const attrs = args.attrs ?? {};
      const paddings = attrs.paddings as Array<[number, number]>;
      const constantValue = Number(attrs.constantValue ?? 0);
      const valid =
        Array.isArray(paddings) &&
        paddings.length === x.shape.length &&
        paddings.every((p) => (p[0] as number) >= 0 && (p[1] as number) >= 0);
      if (!values || !valid) return original(args);
      const outShape = paddings.map((p, i) => p[0] + (x.shape[i] as number) + p[1]);
      const dtype = x.dtype as "float32" | "int32" | "bool";
      const out = emptyLike(dtype, util.sizeFromShape(outShape));
      if (constantValue !== 0) out.fill(constantValue);
      copyBlock(
        values,
        x.shape,
        new Array<number>(x.shape.length).fill(0),
        out,
        outShape,
        paddings.map((p) => p[0]),
        x.shape,
      );
      return backend.makeTensorInfo(outShape, dtype, out);
    };
  },
};
