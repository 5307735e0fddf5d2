// Step 2 of the pre-training experiment: the run of experiments/biored.ts (same
// split, tokenizer, settings, Dev scoring) with the token embeddings either left
// random (INIT=random) or initialized from step 1's vectors (INIT=pretrained).
//
//   INIT=pretrained W2V_METHOD=skipgram SEED=1 npx tsx experiments/pretraining-train.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCollection } from "@biore/bioc-io";
import "@tensorflow/tfjs-backend-cpu";
import { createModelForDataset } from "../src/index.js";
import { bioredTrain, devFile } from "./pretraining-data.js";
import { pretrainingDir } from "./pretraining-paths.js";
import {
  devScoresLine,
  heldOutDataset,
  heldOutRecord,
  initializeFromVectors,
  scoreOnDev,
  startRun,
  trainWithLog,
} from "./run-steps.js";
import { runSettings } from "./settings.js";

const init = process.env.INIT === "pretrained" ? "pretrained" : "random";
const method = process.env.W2V_METHOD ?? "skipgram";
const seed = Number(process.env.SEED ?? 1);
const settings = runSettings(process.env);
const name = `${init === "pretrained" ? `${init}-${method}` : init}-e${settings.epochs}-s${seed}`;
const log = (line: string) => process.stderr.write(`[${name}] ${line}\n`);

const clock = await startRun("cpu");

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

const { summary } = scoreOnDev(model, dev);
const out = {
  name,
  initialization,
  seed,
  settings,
  heldOut: heldOutRecord(heldOut),
  training: result,
  decision: model.decision,
  dev: summary,
  seconds: clock.seconds(),
};
writeFileSync(join(pretrainingDir, `${name}.json`), JSON.stringify(out, null, 1));
log(devScoresLine(summary, out.seconds.cpu));
model.dispose();
