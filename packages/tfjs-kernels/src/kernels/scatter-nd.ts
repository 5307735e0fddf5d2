import { type KernelFunc, type TensorInfo, backend_util } from "@tensorflow/tfjs-core";
import {
  type FastKernel,
  type KernelArgs,
  cpuBackend,
  float32Values,
  input,
  int32Values,
} from "./cpu-backend.js";

/**
 * `ScatterNd` (`tf.scatterND`: the scatter-add gradient of `gatherRows`, so of every embedding
 * table) for float32 updates: one pass adding each update's slice into its place, in update order
 * with float32 sums, as tfjs's kernel does (the same numbers bit for bit), without its per-update
 * index array and generic buffer access. Other dtypes go to tfjs's kernel.
 */
export const scatterNdKernel: FastKernel = {
  kernelName: "ScatterNd",
  build(original: KernelFunc): KernelFunc {
    return (args) => {
      const indices = input(args, "indices");
      const updates = input(args, "updates");
      const usable = updates.dtype === "float32" && indices.dtype === "int32";
      return usable ? scatterAdd(args, indices, updates) : original(args);
    };
  },
};

function scatterAdd(args: KernelArgs, indices: TensorInfo, updates: TensorInfo): TensorInfo {
  const backend = cpuBackend(args);
  const shape = args.attrs?.shape as number[];
  const { sliceRank, numUpdates, sliceSize, strides, outputSize } = backend_util.calculateShapes(
    updates,
    indices,
    shape,
  );
  const out = new Float32Array(outputSize);
  if (outputSize === 0) return backend.makeTensorInfo(shape, "float32", out);
  const ids = int32Values(backend, indices);
  const values = float32Values(backend, updates);
  const slices = outputSize / sliceSize;
  for (let i = 0; i < numUpdates; i++) {
    let slice = 0;
    for (let j = 0; j < sliceRank; j++) {
      slice += (ids[i * sliceRank + j] as number) * (strides[j] as number);
    }
    if (slice < 0 || slice >= slices) {
      const index = Array.from(ids.subarray(i * sliceRank, (i + 1) * sliceRank));
      // tfjs's own message
      throw new Error(`Invalid indices: ${index} does not index into ${shape}`);
    }
    const to = slice * sliceSize;
    const from = i * sliceSize;
    for (let k = 0; k < sliceSize; k++) {
      out[to + k] = (out[to + k] as number) + (values[from + k] as number);
    }
  }
  return backend.makeTensorInfo(shape, "float32", out);
}
