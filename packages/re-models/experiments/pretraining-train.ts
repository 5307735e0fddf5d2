// Step 2 of the pre-training experiment: the run of experiments/biored.ts (same
// split, tokenizer, settings, Dev scoring) with the token embeddings either left
// random (INIT=random) or initialized from step 1's vectors (INIT=pretrained).
//
//   INIT=pretrained W2V_METHOD=skipgram SEED=1 npx tsx experiments/pretraining-train.ts
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCollection } from "@biore/bioc-io";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import {
  createModelForDataset,
  initializeTokenEmbeddings,
  registerFastCpuKernels,
} from "../src/index.js";
import { bioredTrain, devFile, tokenizerFingerprint } from "./pretraining-data.js";
import { pretrainingDir, vectorsPath } from "./pretraining-paths.js";
import { heldOutDataset, scoreOnDev, trainWithLog } from "./run-steps.js";
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

let initialization: Record<string, unknown> = { init };
if (init === "pretrained") {
  const reportFile = join(pretrainingDir, `vectors-${method}.json`);
  if (!existsSync(vectorsPath(method)) || !existsSync(reportFile)) {
    log(`no vectors at ${vectorsPath(method)}: run experiments/pretraining-vectors.ts first`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as { tokenizer: string };
  if (report.tokenizer !== tokenizerFingerprint(dataset.tokenizer)) {
    log("vectors were trained with another tokenizer vocabulary; rerun step 1");
    process.exit(1);
  }
  const bytes = readFileSync(vectorsPath(method));
  const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const result = initializeTokenEmbeddings(model, vectors);
  initialization = { init, method, ...result };
  log(
    `initialized ${result.rowsInitialized} token rows (kept ${result.rowsKept}), scale ${result.scale.toFixed(3)}`,
  );
}

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
