// Step 2 of the pre-training experiment: the run of experiments/biored.ts (same
// split, tokenizer, settings, Dev scoring) with the token embeddings either left
// random (INIT=random) or initialized from step 1's vectors (INIT=pretrained).
//
//   INIT=pretrained W2V_METHOD=skipgram SEED=1 npx tsx experiments/pretraining-train.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCollection } from "@biore/bioc-io";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { createModelForDataset, registerFastCpuKernels } from "../src/index.js";
import { bioredTrain, devFile } from "./pretraining-data.js";
import { pretrainingDir } from "./pretraining-paths.js";
import { heldOutDataset, initializeFromVectors, scoreOnDev, trainWithLog } from "./run-steps.js";
import { HELD_OUT_FRACTION, HELD_OUT_SEED, runSettings } from "./settings.js";

const init = process.env.INIT === "pretrained" ? "pretrained" : "random";
const method = process.env.W2V_METHOD ?? "skipgram";
const seed = Number(process.env.SEED ?? 1);
const settings = runSettings(process.env);
const name = `${init === "pretrained" ? `${init}-${method}` : init}-e${settings.epochs}-s${seed}`;
const log = (line: string) => process.stderr.write(`[${name}] ${line}\n`);

await tf.setBackend("cpu");
registerFastCpuKernels();
const wallStart = performance.now();
const cpuStart = process.cpuUsage();

const { heldOutDocuments, dataset } = await bioredTrain(settings);
const heldOut = heldOutDataset(dataset, heldOutDocuments, settings);
const dev = await readCollection(devFile);
const model = createModelForDataset(dataset, {
  size: settings.size,
  seed,
  maxTokens: settings.maxTokens,
});

const initialization =
  init === "pretrained" ? initializeFromVectors(model, dataset, method, log) : { init };

const result = await trainWithLog(model, dataset, heldOut, "baseline", seed, settings, log);

const { scores } = scoreOnDev(model, dev);
const cpu = process.cpuUsage(cpuStart);
const out = {
  name,
  initialization,
  seed,
  settings,
  heldOut: {
    fraction: HELD_OUT_FRACTION,
    seed: HELD_OUT_SEED,
    documents: heldOut.documents.length,
  },
  training: result,
  decision: model.decision,
  dev: {
    pair: scores.pair,
    pairType: scores.pairType,
    pairNovelty: scores.pairNovelty,
    all: scores.all,
  },
  seconds: { wall: (performance.now() - wallStart) / 1000, cpu: (cpu.user + cpu.system) / 1e6 },
};
writeFileSync(join(pretrainingDir, `${name}.json`), JSON.stringify(out, null, 1));
log(
  `dev pair F1 ${(scores.pair.f1 * 100).toFixed(1)}, +type ${(scores.pairType.f1 * 100).toFixed(1)}, all (+type +novelty) ${(scores.all.f1 * 100).toFixed(1)}; cpu ${out.seconds.cpu.toFixed(0)} s`,
);
model.dispose();
