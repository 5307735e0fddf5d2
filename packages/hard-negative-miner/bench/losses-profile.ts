// Profile of the issue's miner/loss workloads (N × 128 Gaussian embeddings, 9 labels) on one
// backend: wall time per workload and the kernels that take it, summed by name.
// Usage: tsx bench/losses-profile.ts <cpu|js|ort|wasm> [--times] [N...]
//   cpu = tfjs's own kernels, js = + fast JS kernels, ort = + onnxruntime matmuls, wasm;
//   --times prints one `N workload ms` line per workload and no kernel profile;
//   BENCH_REPS=<k> times each workload k times (default 5, 2 at N >= 4096), e.g. under --cpu-prof;
//   BENCH_ONLY=<prefix> runs only the workloads whose name starts with it;
//   BENCH_ORT_THREADS=<n> onnxruntime's threads (default: the machine's cores).
import "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { registerFastCpuKernels } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import {
  BatchHardMiner,
  type MiningPath,
  SupConLoss,
  type TripletIndices,
  TripletMarginLoss,
} from "../src/index.js";

/** BENCH_PATH=host|device|auto (default auto: host on cpu, device elsewhere). */
const path = (process.env.BENCH_PATH ?? "auto") as MiningPath;

export type LossBackend = "cpu" | "js" | "ort" | "wasm";

/** Selects the backend of `mode` and installs the kernels it names. */
export async function useLossBackend(mode: LossBackend): Promise<string> {
  await tf.setBackend(mode === "wasm" ? "wasm" : "cpu");
  if (mode === "js") return registerFastCpuKernels({ onnxruntime: false }).summary;
  if (mode === "ort") {
    const threads = process.env.BENCH_ORT_THREADS
      ? Number(process.env.BENCH_ORT_THREADS)
      : undefined;
    return registerFastCpuKernels({ onnxruntime: true, threads }).summary;
  }
  return `tfjs ${mode} kernels`;
}

/** The three workloads of the issue's table, as closures over fixed inputs. */
export function lossWorkloads(n: number): { name: string; run: () => void; dispose: () => void }[] {
  const emb = tf.randomNormal([n, 128], 0, 1, "float32", 7) as tf.Tensor2D;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 9);
  const miner = new BatchHardMiner({ path });
  const supcon = new SupConLoss({ path });
  const triplet = new TripletMarginLoss({ path });
  const grad = (loss: (e: tf.Tensor2D) => tf.Scalar) => () =>
    tf.dispose(tf.grad((e: tf.Tensor) => loss(e as tf.Tensor2D))(emb));
  return [
    {
      name: "BatchHardMiner",
      // reading the anchors makes a device miner select (and read back), as a user would
      run: () => void (miner.mine(emb, labels) as TripletIndices).anchors.length,
      dispose: () => emb.dispose(),
    },
    { name: "SupConLoss fwd+bwd", run: grad((e) => supcon.compute(e, labels)), dispose: () => {} },
    {
      name: "TripletMarginLoss+BatchHardMiner fwd+bwd",
      run: grad((e) => triplet.compute(e, labels, miner.mine(e, labels))),
      dispose: () => {},
    },
  ];
}

/** Best of `reps` wall times (ms) after one warm-up run. */
export function bestMs(fn: () => void, reps: number): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? "ort") as LossBackend;
  const timesOnly = process.argv.includes("--times");
  const sizes = process.argv
    .slice(3)
    .filter((a) => a !== "--times")
    .map(Number);
  console.log(await useLossBackend(mode));
  for (const n of sizes.length ? sizes : [1024]) {
    const workloads = lossWorkloads(n);
    const only = process.env.BENCH_ONLY;
    const reps = Number(process.env.BENCH_REPS ?? (n >= 4096 ? 2 : 5));
    for (const w of workloads) {
      if (only && !w.name.startsWith(only)) continue;
      const ms = bestMs(w.run, reps);
      if (timesOnly) {
        console.log(`${n}\t${w.name}\t${ms.toFixed(1)}`);
        continue;
      }
      const profile = await tf.profile(() => w.run());
      const byKernel = new Map<string, number>();
      for (const k of profile.kernels) {
        const t = Number(await k.kernelTimeMs);
        byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (Number.isFinite(t) ? t : 0));
      }
      const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
      const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
      console.log(
        `N=${n} ${w.name}: ${ms.toFixed(1)} ms (kernels ${total.toFixed(0)} ms; host ${(ms - total).toFixed(0)} ms) | ${top.map(([k, t]) => `${k} ${t.toFixed(0)}`).join(", ")}`,
      );
    }
    for (const w of workloads) w.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
