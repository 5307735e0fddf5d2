// The relation model (small) on three engines, in one run: one training epoch over BioRED Train
// and inference (network only) in documents/s, on `ort` (tfjs cpu + onnxruntime matmuls from
// @biore/tfjs-kernels), wasm, and cpu (+ the fast JS kernels). Ratios are against wasm here.
// Inference is the best of BENCH_INFERENCE_RUNS (default 3) passes over Train; the machine's load
// average is printed beside each engine, since the machine may be shared.
// The epoch's process CPU seconds are printed beside its wall time (all threads, onnxruntime's
// included). BENCH_ROUNDS=n (default 1) runs every engine n times in turn (ort, wasm, cpu, ort,
// ...), so load spikes on a shared machine hit each engine alike; the ratios use each engine's
// best round, and each round's own ratio is printed too.
// Usage: tsx bench/backends.ts   (BENCH_BACKENDS=ort,wasm picks engines; BENCH_ORT_THREADS=n
// sets onnxruntime's threads, default the machine's cores; needs ../shared/data)
import { loadavg } from "node:os";
import { readCollection } from "@biore/bioc-io";
import { buildDataset, type RelationDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { BIORED_TOKENIZER } from "../experiments/settings.js";
import { createModelForDataset, train } from "../src/index.js";
import { useEngine } from "./engine.js";

type Engine = "ort" | "wasm" | "cpu";

async function seconds(work: () => unknown): Promise<number> {
  return (await timed(work)).wall;
}

/** Wall and process CPU seconds of `work`. */
async function timed(work: () => unknown): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await work();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

async function benchEngine(engine: Engine, dataset: RelationDataset) {
  console.log(`${engine}: ${await useEngine(engine)}`);
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  const { wall: epoch, cpu: epochCpu } = await timed(() =>
    train(model, { documents: dataset.documents }, { epochs: 1, batchSize: 8, seed: 1 }),
  );
  const n = dataset.documents.length;
  model.score(dataset.documents.slice(0, 16)); // warm-up: sessions, JIT
  let inference = 0;
  for (let run = 0; run < Number(process.env.BENCH_INFERENCE_RUNS ?? 3); run++) {
    inference = Math.max(inference, n / (await seconds(() => model.score(dataset.documents))));
  }
  model.dispose();
  const load = loadavg()[0]?.toFixed(1);
  console.log(
    `${engine}: train 1 epoch ${epoch.toFixed(1)} s (${epochCpu.toFixed(1)} CPU-s); inference ${inference.toFixed(0)} documents/s (load average ${load})`,
  );
  return { epoch, inference };
}

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) {
  console.log(`skipped: BioRED Train not found at ${trainFile}`);
} else {
  const dataset = buildDataset((await readCollection(trainFile)).documents, {
    pairFilter: "seen-type-pairs",
    tokenizerOptions: BIORED_TOKENIZER,
  });
  console.log(`BioRED Train: ${dataset.documents.length} documents, small model, batches of 8`);
  const engines = (process.env.BENCH_BACKENDS ?? "ort,wasm,cpu").split(",") as Engine[];
  const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
  const figures = new Map<Engine, { epoch: number; inference: number }>();
  for (let round = 1; round <= rounds; round++) {
    const thisRound = new Map<Engine, { epoch: number; inference: number }>();
    for (const engine of engines) {
      const result = await benchEngine(engine, dataset);
      thisRound.set(engine, result);
      const best = figures.get(engine);
      figures.set(engine, {
        epoch: Math.min(best?.epoch ?? Number.POSITIVE_INFINITY, result.epoch),
        inference: Math.max(best?.inference ?? 0, result.inference),
      });
    }
    const wasm = thisRound.get("wasm");
    const ort = thisRound.get("ort");
    if (rounds > 1 && wasm && ort) {
      console.log(
        `round ${round}: ort vs wasm epoch ${(wasm.epoch / ort.epoch).toFixed(2)}x, inference ${(ort.inference / wasm.inference).toFixed(2)}x`,
      );
    }
  }
  const wasm = figures.get("wasm");
  const ort = figures.get("ort");
  if (wasm && ort) {
    console.log(
      `ort vs wasm in this run${rounds > 1 ? ` (best of ${rounds} rounds each)` : ""}: epoch ${(wasm.epoch / ort.epoch).toFixed(2)}x faster (${ort.epoch.toFixed(1)} s vs ${wasm.epoch.toFixed(1)} s; target >= 3x); inference ${(ort.inference / wasm.inference).toFixed(2)}x (${ort.inference.toFixed(0)} documents/s, target >= 300)`,
    );
  }
}
