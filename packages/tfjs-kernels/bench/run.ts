// `pnpm --filter @biore/tfjs-kernels bench`: one command, one run, every figure of issue 13 with
// its references measured in the same run.
//   1. tf.matMul GFLOP/s per shape: tfjs cpu, fast JS kernels, onnxruntime, wasm;
//   2. the relation model (re-models' bench/backends.ts, a child process): a training epoch
//      over BioRED Train and inference documents/s on ort, wasm and cpu;
//   3. hard-negative-miner's miners and losses (its bench/losses-profile.ts, child processes)
//      at N = 256, 1024, 4096 on cpu + JS kernels, ort and wasm, beside the torch figures.
//   (gather: tf.gather µs per call, tfjs cpu vs the JS kernel, bench/gather.ts.)
// BENCH_PARTS=matmul,gather,model,losses picks parts; BENCH_SIZES=256,1024 the loss sizes.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { benchGather } from "./gather.js";
import { benchMatMul } from "./matmul.js";

const packages = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const parts = new Set((process.env.BENCH_PARTS ?? "matmul,gather,model,losses").split(","));
const sizes = (process.env.BENCH_SIZES ?? "256,1024,4096").split(",");

/** pytorch-metric-learning on torch CPU, 1 thread (ms), as measured in the issue (not here). */
const TORCH_1_THREAD: Record<string, number> = {
  "1024 BatchHardMiner": 18,
  "1024 SupConLoss fwd+bwd": 25,
  "1024 TripletMarginLoss+BatchHardMiner fwd+bwd": 30,
  "4096 BatchHardMiner": 3598,
  "4096 SupConLoss fwd+bwd": 7647,
  "4096 TripletMarginLoss+BatchHardMiner fwd+bwd": 5298,
};

/** Runs a bench script of another package with its own tsx; returns its stdout. */
function runScript(pkg: string, args: string[]): string {
  const result = spawnSync("pnpm", ["exec", "tsx", ...args], {
    cwd: join(packages, pkg),
    encoding: "utf8",
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${pkg} ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

const cores = (await import("node:os")).availableParallelism();
console.log(
  `tfjs-core ${tf.version_core}, node ${process.version}, ${cores} cores (onnxruntime threads = cores)`,
);

if (parts.has("matmul")) {
  console.log("\n== 1. tf.matMul, GFLOP/s (best of runs; ratios measured in this run) ==");
  await benchMatMul();
}

if (parts.has("gather")) {
  console.log("\n== tf.gather (GatherV2) ==");
  await benchGather();
}

if (parts.has("model")) {
  console.log("\n== 2. relation model (re-models bench/backends.ts) ==");
  process.stdout.write(
    runScript("re-models", ["bench/backends.ts"]).replace(/^=+\n.*\n=+\n/gm, ""),
  );
}

if (parts.has("losses")) {
  console.log(
    "\n== 3. miners and losses, N × 128 Gaussian embeddings, 9 labels (ms, best of runs) ==",
  );
  const modes = ["js", "ort", "wasm"] as const;
  const times = new Map<string, Map<string, number>>();
  for (const mode of modes) {
    const out = runScript("hard-negative-miner", [
      "bench/losses-profile.ts",
      mode,
      "--times",
      ...sizes,
    ]);
    for (const line of out.split("\n")) {
      const [n, name, ms] = line.split("\t");
      if (!ms) continue;
      const key = `${n} ${name}`;
      if (!times.has(key)) times.set(key, new Map());
      times.get(key)?.set(mode, Number(ms));
    }
  }
  console.log(
    "N     workload                                      cpu+JS     ort        wasm       torch 1 thread (issue)  ort vs torch",
  );
  for (const [key, row] of times) {
    const [n, ...rest] = key.split(" ");
    const torch = TORCH_1_THREAD[key];
    const ort = row.get("ort") ?? Number.NaN;
    const cells = modes.map((m) => (row.get(m) ?? Number.NaN).toFixed(1).padEnd(11)).join("");
    const verdict =
      torch === undefined
        ? "-"
        : `${(torch / ort).toFixed(2)}x ${ort <= torch ? "(met)" : "(not met)"}`;
    console.log(
      `${(n ?? "").padEnd(6)}${rest.join(" ").padEnd(46)}${cells}${String(torch ?? "-").padEnd(24)}${verdict}`,
    );
  }
}
