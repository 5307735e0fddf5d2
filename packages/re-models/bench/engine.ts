// The engine a bench runs on: `ort` (tfjs cpu + @biore/tfjs-kernels with onnxruntime-node
// matmuls; BENCH_ORT_THREADS=n sets its threads, default the machine's cores), `cpu` (+ the fast
// JS kernels) or `wasm`. Importing this also registers the cpu and wasm backends.
import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";

/** Switches tfjs to `engine`; returns what runs (the fast kernels' summary, or "tfjs wasm"). */
export async function useEngine(engine: string): Promise<string> {
  unregisterFastCpuKernels();
  await tf.setBackend(engine === "wasm" ? "wasm" : "cpu");
  if (engine === "wasm") return "tfjs wasm";
  const threads = process.env.BENCH_ORT_THREADS ? Number(process.env.BENCH_ORT_THREADS) : undefined;
  return registerFastCpuKernels({ onnxruntime: engine === "ort", threads }).summary;
}
