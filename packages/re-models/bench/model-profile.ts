// Where the real relation model's time goes on one engine: a training epoch over the first
// documents of BioRED Train and inference over them, each profiled per tfjs kernel (`tf.profile`),
// with the time outside kernels (dispatch, host JS) shown beside it.
// Usage: tsx bench/model-profile.ts [documents=96]   (BENCH_ENGINE=ort|cpu|wasm, default ort;
// BENCH_ORT_THREADS=n; BENCH_TOP=n rows; needs ../shared/data). BENCH_TF_PROFILE=0 skips the
// tf.profile passes, e.g. to read the plain epochs under `node --cpu-prof --import tsx`, which
// shows the host time outside kernels (dispatch, bookkeeping, GC, batch building) as well.
import { readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import { BIORED_TOKENIZER } from "../experiments/settings.js";
import { createModelForDataset, train } from "../src/index.js";
import { useEngine } from "./engine.js";
import { type KernelTotal, printProfile } from "./kernels-profile.js";

/** Per-kernel totals of one profiled run of `work`, and its wall time. */
async function profiled(work: () => unknown): Promise<{ totals: KernelTotal[]; wallMs: number }> {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await work();
  });
  const wallMs = performance.now() - t0;
  const totals = new Map<string, KernelTotal>();
  // BENCH_DETAIL=1: one row per kernel and input shapes
  const detail = process.env.BENCH_DETAIL === "1";
  for (const k of info.kernels) {
    const name = detail ? `${k.name} ${k.inputShapes.map((s) => s?.join("x")).join(",")}` : k.name;
    const entry = totals.get(name) ?? { kernel: name, ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs);
    entry.calls += 1;
    totals.set(name, entry);
  }
  return { totals: [...totals.values()].sort((a, b) => b.ms - a.ms), wallMs };
}

function report(label: string, run: { totals: KernelTotal[]; wallMs: number }): void {
  const inKernels = run.totals.reduce((s, t) => s + t.ms, 0);
  const calls = run.totals.reduce((s, t) => s + t.calls, 0);
  console.log(
    `${label}: ${run.wallMs.toFixed(0)} ms wall (profiled), ${inKernels.toFixed(0)} ms in ${calls} kernel calls, ${(run.wallMs - inKernels).toFixed(0)} ms outside kernels`,
  );
  printProfile(label, run.totals, Number(process.env.BENCH_TOP ?? 20));
}

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) {
  console.log(`skipped: BioRED Train not found at ${trainFile}`);
} else {
  const engine = process.env.BENCH_ENGINE ?? "ort";
  const running = await useEngine(engine);
  if (engine !== "wasm") console.log(running);
  const dataset = buildDataset((await readCollection(trainFile)).documents, {
    pairFilter: "seen-type-pairs",
    tokenizerOptions: BIORED_TOKENIZER,
  });
  const docs = dataset.documents.slice(0, Number(process.argv[2] ?? 96));
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  const epoch = () => train(model, { documents: docs }, { epochs: 1, batchSize: 8, seed: 1 });
  await epoch(); // warm-up: sessions, JIT
  const t0 = performance.now();
  await epoch();
  const plain = performance.now() - t0;
  console.log(
    `${engine}: train 1 epoch over ${docs.length} documents: ${plain.toFixed(0)} ms unprofiled`,
  );
  const tfProfile = process.env.BENCH_TF_PROFILE !== "0";
  if (tfProfile) report(`${engine} training`, await profiled(epoch));
  model.score(docs);
  const t1 = performance.now();
  model.score(docs);
  const scoreMs = performance.now() - t1;
  console.log(
    `${engine}: inference ${((docs.length / scoreMs) * 1000).toFixed(0)} documents/s unprofiled`,
  );
  if (tfProfile) report(`${engine} inference`, await profiled(() => model.score(docs)));
  model.dispose();
}
