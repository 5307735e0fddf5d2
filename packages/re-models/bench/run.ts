// Benchmarks for @biore/re-models: `pnpm --filter @biore/re-models bench`.
// On tfjs's pure-JS cpu backend with registerFastCpuKernels(): one training
// epoch over BioRED Train for the default (`small`) model and inference
// throughput in documents/s; then the kernel speed-ups of bench/kernels.ts
// (each against tfjs's own kernel, measured in the same run). CPU seconds are
// printed next to wall seconds because the machine is shared. Then the same
// epoch and inference on the wasm backend (BENCH_SKIP_WASM=1 skips it).
import { readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
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

/** BioRED Train encoded as the experiments do (seen-type-pair candidates, capped vocabulary). */
async function bioredTrainDataset(trainFile: string) {
  const trainDocs = (await readCollection(trainFile)).documents;
  return buildDataset(trainDocs, {
    pairFilter: "seen-type-pairs",
    tokenizerOptions: BIORED_TOKENIZER,
  });
}

/** Figures of one backend, for the same-run comparison. */
interface BackendFigures {
  epochCpuSeconds: number | null;
  inferencePerCpuSecond: number;
}

async function benchModel(): Promise<BackendFigures | null> {
  const trainFile = dataFile("biored", "Train.BioC.XML");
  const devFile = dataFile("biored", "Dev.BioC.XML");
  if (!haveData(trainFile, devFile)) return null;
  await tf.setBackend("cpu");
  const fast = registerFastCpuKernels();
  console.log(`backend: cpu (pure JS); fast kernels: ${fast.registered.join(", ")}`);

  const dataset = await bioredTrainDataset(trainFile);
  const pairs = dataset.documents.reduce((n, d) => n + d.pairHead.length, 0);
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  console.log(
    `BioRED Train: ${dataset.documents.length} documents, ${pairs} candidate pairs, vocabulary ${dataset.tokenizer.vocabSize}; small model ${model.parameterCount.toLocaleString()} parameters`,
  );

  let started = performance.now();
  let cpu = process.cpuUsage();
  const tensorsBefore = tf.memory().numTensors;
  let epochCpuSeconds: number | null = null;
  // BENCH_SKIP_TRAIN=1 measures inference only (its speed does not depend on the weights)
  if (process.env.BENCH_SKIP_TRAIN !== "1") {
    await train(model, { documents: dataset.documents }, { epochs: 1, batchSize: 8, seed: 1 });
    epochCpuSeconds = cpuSeconds(cpu);
    console.log(
      `train, 1 epoch over BioRED Train (batches of 8 documents): ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${cpuSeconds(cpu).toFixed(1)} s CPU (goal <= 60 s); tensors before/after ${tensorsBefore}/${tf.memory().numTensors}`,
    );
  }

  const devDocs = (await readCollection(devFile)).documents;
  started = performance.now();
  cpu = process.cpuUsage();
  model.score(dataset.documents);
  const n = dataset.documents.length;
  const inferencePerCpuSecond = n / cpuSeconds(cpu);
  console.log(
    `inference, network only (BioRED Train, score() defaults): ${(n / ((performance.now() - started) / 1000)).toFixed(1)} documents/s wall, ${(n / cpuSeconds(cpu)).toFixed(1)} documents per CPU-s (goal >= 50)`,
  );
  // Same run, same documents: tfjs's own cpu kernels vs the fast ones, and the old batch size.
  const subset = dataset.documents.slice(0, 80);
  const perCpuSecond = (run: () => void) => {
    const start = process.cpuUsage();
    run();
    return subset.length / cpuSeconds(start);
  };
  const fastRate = perCpuSecond(() => model.score(subset));
  const batch16Rate = perCpuSecond(() => model.score(subset, { batchSize: 16 }));
  unregisterFastCpuKernels();
  const tfjsRate = perCpuSecond(() => model.score(subset));
  registerFastCpuKernels();
  console.log(
    `  first ${subset.length} Train documents, documents per CPU-s: fast kernels ${fastRate.toFixed(1)}, tfjs's kernels ${tfjsRate.toFixed(1)} (${(fastRate / tfjsRate).toFixed(2)}x); batches of 16 ${batch16Rate.toFixed(1)}`,
  );
  started = performance.now();
  cpu = process.cpuUsage();
  predict(model, devDocs);
  console.log(
    `predict, encode + network + BioC relations (BioRED Dev): ${(devDocs.length / ((performance.now() - started) / 1000)).toFixed(1)} documents/s wall, ${(devDocs.length / cpuSeconds(cpu)).toFixed(1)} documents per CPU-s`,
  );
  model.dispose();
  return { epochCpuSeconds, inferencePerCpuSecond };
}

/**
 * The same model, epoch and documents on tfjs's wasm backend (prebuilt in its
 * npm package, so it needs no download), against the cpu figures of this run.
 */
async function benchWasm(cpuFigures: BackendFigures): Promise<void> {
  const trainFile = dataFile("biored", "Train.BioC.XML");
  await tf.setBackend("wasm");
  const dataset = await bioredTrainDataset(trainFile);
  const model = createModelForDataset(dataset, { size: "small", seed: 1 });
  let cpu = process.cpuUsage();
  let started = performance.now();
  if (cpuFigures.epochCpuSeconds !== null) {
    await train(model, { documents: dataset.documents }, { epochs: 1, batchSize: 8, seed: 1 });
    const seconds = cpuSeconds(cpu);
    console.log(
      `wasm: train, 1 epoch over BioRED Train: ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${seconds.toFixed(1)} s CPU (${(cpuFigures.epochCpuSeconds / seconds).toFixed(2)}x the cpu backend's epoch in this run)`,
    );
  }
  cpu = process.cpuUsage();
  started = performance.now();
  model.score(dataset.documents);
  const n = dataset.documents.length;
  const rate = n / cpuSeconds(cpu);
  console.log(
    `wasm: inference, network only (BioRED Train): ${(n / ((performance.now() - started) / 1000)).toFixed(1)} documents/s wall, ${rate.toFixed(1)} documents per CPU-s (${(rate / cpuFigures.inferencePerCpuSecond).toFixed(2)}x the cpu backend in this run; goal >= 50)`,
  );
  model.dispose();
  await tf.setBackend("cpu");
}

console.log("== relation model on BioRED ==");
const cpuFigures = await benchModel();
if (cpuFigures && process.env.BENCH_SKIP_WASM !== "1") {
  console.log("\n== the same on the wasm backend ==");
  await benchWasm(cpuFigures);
}
if (process.env.BENCH_SKIP_KERNELS !== "1") {
  console.log("\n== fast cpu kernels vs tfjs-backend-cpu ==");
  await benchKernels();
}
