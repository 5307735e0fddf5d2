// Benchmarks for @biore/re-models: `pnpm --filter @biore/re-models bench`.
// On tfjs's pure-JS cpu backend with registerFastCpuKernels(): one training
// epoch over BioRED Train for the default (`small`) model and inference
// throughput in documents/s; then the kernel speed-ups of bench/kernels.ts
// (each against tfjs's own kernel, measured in the same run). CPU seconds are
// printed next to wall seconds because the machine is shared. Then the same
// epoch and inference on the wasm backend (BENCH_SKIP_WASM=1 skips it).
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { type RelationDataset, buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { BIORED_TOKENIZER } from "../experiments/settings.js";
import {
  createModelForDataset,
  predict,
  registerFastCpuKernels,
  train,
  unregisterFastCpuKernels,
} from "../src/index.js";
import { benchKernels } from "./kernels.js";

/** CPU seconds of this process since `start`. */
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Wall and CPU seconds of `work`. */
async function timed(work: () => unknown): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await work();
  return { wall: (performance.now() - started) / 1000, cpu: cpuSeconds(cpu) };
}

/** Figures of one backend, for the same-run comparison. */
interface BackendFigures {
  epochCpuSeconds: number | null;
  inferencePerCpuSecond: number;
}

async function benchModel(
  dataset: RelationDataset,
  devDocs: BioCDocument[],
): Promise<BackendFigures> {
  await tf.setBackend("cpu");
  const fast = registerFastCpuKernels();
  console.log(`backend: cpu (pure JS); fast kernels: ${fast.registered.join(", ")}`);
  const pairs = dataset.documents.reduce((n, d) => n + d.pairHead.length, 0);
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  console.log(
    `BioRED Train: ${dataset.documents.length} documents, ${pairs} candidate pairs, vocabulary ${dataset.tokenizer.vocabSize}; small model ${model.parameterCount.toLocaleString()} parameters`,
  );

  const tensorsBefore = tf.memory().numTensors;
  let epochCpuSeconds: number | null = null;
  // BENCH_SKIP_TRAIN=1 measures inference only (its speed does not depend on the weights)
  if (process.env.BENCH_SKIP_TRAIN !== "1") {
    const epoch = await timed(() =>
      train(model, { documents: dataset.documents }, { epochs: 1, batchSize: 8, seed: 1 }),
    );
    epochCpuSeconds = epoch.cpu;
    console.log(
      `train, 1 epoch over BioRED Train (batches of 8 documents): ${epoch.wall.toFixed(1)} s wall, ${epoch.cpu.toFixed(1)} s CPU (goal <= 60 s); tensors before/after ${tensorsBefore}/${tf.memory().numTensors}`,
    );
  }

  const n = dataset.documents.length;
  const inference = await timed(() => model.score(dataset.documents));
  const inferencePerCpuSecond = n / inference.cpu;
  console.log(
    `inference, network only (BioRED Train, score() defaults): ${(n / inference.wall).toFixed(1)} documents/s wall, ${inferencePerCpuSecond.toFixed(1)} documents per CPU-s (goal >= 50)`,
  );
  // Same run, same documents: tfjs's own cpu kernels vs the fast ones, and the old batch size.
  const subset = dataset.documents.slice(0, 80);
  const perCpuSecond = async (run: () => void) => subset.length / (await timed(run)).cpu;
  const fastRate = await perCpuSecond(() => model.score(subset));
  const batch16Rate = await perCpuSecond(() => model.score(subset, { batchSize: 16 }));
  unregisterFastCpuKernels();
  const tfjsRate = await perCpuSecond(() => model.score(subset));
  registerFastCpuKernels();
  console.log(
    `  first ${subset.length} Train documents, documents per CPU-s: fast kernels ${fastRate.toFixed(1)}, tfjs's kernels ${tfjsRate.toFixed(1)} (${(fastRate / tfjsRate).toFixed(2)}x); batches of 16 ${batch16Rate.toFixed(1)}`,
  );
  const predicted = await timed(() => predict(model, devDocs));
  console.log(
    `predict, encode + network + BioC relations (BioRED Dev): ${(devDocs.length / predicted.wall).toFixed(1)} documents/s wall, ${(devDocs.length / predicted.cpu).toFixed(1)} documents per CPU-s`,
  );
  model.dispose();
  return { epochCpuSeconds, inferencePerCpuSecond };
}

/**
 * The same model, epoch and documents on tfjs's wasm backend (prebuilt in its
 * npm package, so it needs no download), against the cpu figures of this run.
 */
async function benchWasm(dataset: RelationDataset, cpuFigures: BackendFigures): Promise<void> {
  await tf.setBackend("wasm");
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  if (cpuFigures.epochCpuSeconds !== null) {
    const epoch = await timed(() =>
      train(model, { documents: dataset.documents }, { epochs: 1, batchSize: 8, seed: 1 }),
    );
    console.log(
      `wasm: train, 1 epoch over BioRED Train: ${epoch.wall.toFixed(1)} s wall, ${epoch.cpu.toFixed(1)} s CPU (${(cpuFigures.epochCpuSeconds / epoch.cpu).toFixed(2)}x the cpu backend's epoch in this run)`,
    );
  }
  const n = dataset.documents.length;
  const inference = await timed(() => model.score(dataset.documents));
  const rate = n / inference.cpu;
  console.log(
    `wasm: inference, network only (BioRED Train): ${(n / inference.wall).toFixed(1)} documents/s wall, ${rate.toFixed(1)} documents per CPU-s (${(rate / cpuFigures.inferencePerCpuSecond).toFixed(2)}x the cpu backend in this run; goal >= 50)`,
  );
  model.dispose();
  await tf.setBackend("cpu");
}

console.log("== relation model on BioRED ==");
const trainFile = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (haveData(trainFile, devFile)) {
  // Encoded once: the typed arrays are the same for every backend.
  const dataset = buildDataset((await readCollection(trainFile)).documents, {
    pairFilter: "seen-type-pairs",
    tokenizerOptions: BIORED_TOKENIZER,
  });
  const devDocs = (await readCollection(devFile)).documents;
  const cpuFigures = await benchModel(dataset, devDocs);
  if (process.env.BENCH_SKIP_WASM !== "1") {
    console.log("\n== the same on the wasm backend ==");
    await benchWasm(dataset, cpuFigures);
  }
}
if (process.env.BENCH_SKIP_KERNELS !== "1") {
  console.log("\n== fast cpu kernels vs tfjs-backend-cpu ==");
  await benchKernels();
}
