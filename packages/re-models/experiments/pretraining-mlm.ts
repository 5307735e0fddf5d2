// Step 1b of the pre-training experiment: masked-token pre-training of the conv token
// encoder (pretrainTokenEncoder) on unlabeled text — BC6PM triage + relation sets, CDR train
// + dev, BioRED Train minus its held-out slice; never BioRED Dev (its PMIDs are dropped from
// the other corpora too). The encoder starts from the word2vec vectors of
// pretraining-vectors.ts, with the tokenizer experiments/biored.ts fits (same ids), and is
// saved where biored.ts loads it from (ENCODER_WEIGHTS=<that file>).
//
// MLM loss/accuracy are measured on held-out text: Train's held-out slice (the 40 documents
// biored.ts selects on) + MLM_HELD_OUT documents set aside from the unlabeled pool.
//
//   MLM_EPOCHS=1 MLM_MAX_STEPS=600 BACKEND=cpu npx tsx experiments/pretraining-mlm.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCollection } from "@biore/bioc-io";
import { shuffled } from "@biore/relation-dataset";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { createModelForDataset } from "../src/index.js";
import { holdOutForSelection } from "../src/experiment/index.js";
import {
  encodeUnlabeledDocuments,
  pretrainTokenEncoder,
  saveTokenEncoder,
} from "../src/pretraining/index.js";
import { trainFile, unlabeledDocuments } from "./pretraining-data.js";
import { vectorsDir } from "./pretraining-paths.js";
import { initializeFromVectors, startRun } from "./run-steps.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED, runSettings } from "./settings.js";

const env = process.env;
const settings = runSettings(env);
const num = (key: string, fallback: number) =>
  env[key] !== undefined ? Number(env[key]) : fallback;
const mlm = {
  epochs: num("MLM_EPOCHS", 1),
  maskRate: num("MLM_MASK_RATE", 0.15),
  learningRate: num("MLM_LR", 2e-3),
  batchSize: num("MLM_BATCH", 8),
  warmupSteps: num("MLM_WARMUP", 100),
  seed: num("MLM_SEED", 1),
  strategy: env.MLM_STRATEGY === "mask" ? ("mask" as const) : ("bert" as const),
  ...(env.MLM_MAX_STEPS ? { maxSteps: Number(env.MLM_MAX_STEPS) } : {}),
};
const evaluateEvery = num("MLM_EVAL_EVERY", 100);
const heldOutUnlabeled = num("MLM_HELD_OUT", 120);
const init = settings.init; // word2vec vectors unless INIT=random
const tag =
  env.MLM_TAG ?? `e${mlm.epochs}-m${mlm.maskRate}${mlm.maxSteps ? `-s${mlm.maxSteps}` : ""}`;
const log = (line: string) => process.stderr.write(`[mlm ${tag}] ${line}\n`);

const clock = await startRun(settings.backend);

// The split and tokenizer of experiments/biored.ts, so the weights load into its models.
const split = holdOutForSelection((await readCollection(trainFile)).documents, {
  seed: HELD_OUT_SEED,
  fraction: HELD_OUT_FRACTION,
  dataset: { tokenizerOptions: BIORED_TOKENIZER, maxTokens: settings.maxTokens },
});
const dataset = split.fit;
const heldOutIds = split.validationDocuments.map((d) => d.id);
const { documents, droppedAsDev } = await unlabeledDocuments(split.fitDocuments, {
  extra: env.MLM_CORPUS !== "word2vec",
  exclude: heldOutIds,
});
// a seeded slice of the unlabeled pool (never BioRED Train's fit part) measures MLM too
const pool = documents.slice(0, documents.length - split.fitDocuments.length);
const setAside = new Set(
  shuffled(pool, HELD_OUT_SEED)
    .slice(0, heldOutUnlabeled)
    .map((d) => d.id),
);
const trainText = documents.filter((d) => !setAside.has(d.id));
const heldOutText = [...split.validationDocuments, ...pool.filter((d) => setAside.has(d.id))];
const sequences = await encodeUnlabeledDocuments(trainText, dataset.tokenizer, {
  maxTokens: settings.maxTokens,
});
const heldOut = await encodeUnlabeledDocuments(heldOutText, dataset.tokenizer, {
  maxTokens: settings.maxTokens,
});
const tokens = sequences.reduce((n, s) => n + s.tokenIds.length, 0);
log(
  `${trainText.length} documents (${droppedAsDev} dropped as BioRED Dev PMIDs), ${sequences.length} sequences, ${tokens} tokens; held-out ${heldOutText.length} documents (${split.validationDocuments.length} Train held-out + ${setAside.size} unlabeled)`,
);

const model = createModelForDataset(dataset, {
  size: settings.size,
  seed: mlm.seed,
  maxTokens: settings.maxTokens,
});
const initialization =
  init === "pretrained" ? initializeFromVectors(model, dataset, settings.vectors, log) : { init };
const result = await pretrainTokenEncoder(model, sequences, {
  ...mlm,
  heldOut,
  evaluateEvery,
  onProgress: (r) =>
    log(
      `step ${r.step} epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(3)} acc ${(r.trainAccuracy * 100).toFixed(1)} %, held-out loss ${r.heldOutLoss?.toFixed(3)} acc ${((r.heldOutAccuracy ?? 0) * 100).toFixed(1)} %, all hidden: loss ${r.heldOutMaskedLoss?.toFixed(3)} acc ${((r.heldOutMaskedAccuracy ?? 0) * 100).toFixed(1)} % (${r.seconds.toFixed(0)} s)`,
    ),
});
const seconds = clock.seconds();

mkdirSync(vectorsDir, { recursive: true });
const weightsFile = join(vectorsDir, `encoder-mlm-${tag}.safetensors`);
saveTokenEncoder(model, weightsFile, {
  objective: "masked-token",
  steps: String(result.steps),
  init: String(initialization.init),
});
const report = {
  tag,
  weightsFile,
  initialization,
  options: result.options,
  corpus: {
    documents: trainText.length,
    droppedAsDev,
    sequences: sequences.length,
    tokens,
    heldOutDocuments: heldOutText.length,
    heldOutTrainSlice: split.validationDocuments.length,
  },
  steps: result.steps,
  targets: result.targets,
  history: result.history,
  seconds,
};
writeFileSync(join(vectorsDir, `encoder-mlm-${tag}.json`), JSON.stringify(report, null, 1));
log(`saved ${weightsFile}; ${result.steps} steps, cpu ${seconds.cpu.toFixed(0)} s`);
model.dispose();
