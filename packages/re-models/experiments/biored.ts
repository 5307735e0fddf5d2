// One BioRED run: train on BioRED Train minus a seeded 10% held-out slice
// (early stopping + None threshold), evaluate on Dev with the BioRED track
// scoring of @biore/re-metrics, write experiments/results/<objective>-s<seed>.json.
//
//   OBJECTIVE=baseline|hnm SEED=1 EPOCHS=4 npx tsx experiments/biored.ts
//
// With TYPE_BIAS_DIR=<dir> the trained model is also scored with per-type
// logit offsets tuned on the held-out slice (tuneTypeBiases), written there.
//
// Token embeddings start from experiments/pretraining-vectors.ts's word2vec
// vectors unless INIT=random; ENCODER_WEIGHTS=<file> then starts the whole conv encoder
// from experiments/pretraining-mlm.ts's masked-token pre-training; PAIR_CONTEXT=0 / BETWEEN_CONTEXT=0 drop the pair's
// sentence context / the tokens between its mentions.
//
// HELD_OUT_FOLD=k (1..5, experiments/held-out-folds.ts) holds out the k-th of several disjoint
// slices of Train instead, and scores that slice — never Dev — writing
// <objective>-f<k>-s<seed>.json: runs for choosing hyperparameters on Train (hparam-search.ts);
// with SCORES=1 also the slice's .scores.json (its Dev part empty).
//
// AUXILIARY=cdr,bc6pm trains those corpora beside BioRED (multi-task; AUX_TARGET=head|map,
// AUX_WEIGHT, AUX_BATCH; see auxiliary-corpora.ts), never on a BioRED Train or Dev document.
//
// REFIT=1: after selection, a fresh model trains on fit ∪ held-out for the selected epoch count
// and keeps the stage-1 decision rule (experiments/refit.ts); its record and Dev scores are the
// run's. The stage-1 model's record and scores go to <RESULTS_DIR>-stage1. With SCORES=1 the
// run's .scores.json holds the STAGE-1 model's held-out scores beside the refit model's Dev
// scores, so ensemble.ts tunes its rule on a model that never trained on the held-out slice.
// Exploratory records with a rate-matched None bias (refit.ts) go to <RESULTS_DIR>-rate, with
// the novelty threshold matched too to <RESULTS_DIR>-rate-novelty.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import type { RelationDataset } from "@biore/relation-dataset";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import {
  type Objective,
  type PairScores,
  type RelationModel,
  type TrainResult,
  tuneTypeBiases,
} from "../src/index.js";
import { holdOutForSelection } from "../src/experiment/index.js";
import { auxiliarySettings, loadAuxiliaryTasks } from "./auxiliary-corpora.js";
import { foldTrainingData } from "./held-out-folds.js";
import { embeddingQuality } from "./embedding-quality.js";
import { writeRunScores } from "./pair-scores.js";
import {
  type Refit,
  rateMatchedNoneBias,
  rateMatchedNoveltyThreshold,
  refitOnAllOfTrain,
} from "./refit.js";
import { initializeFromEncoderWeights } from "./pretraining-encoder.js";
import {
  devScoresLine,
  heldOutRecord,
  runModel,
  scoreOnDev,
  startRun,
  trainWithLog,
} from "./run-steps.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED, runSettings } from "./settings.js";
import { keptForFraction } from "./train-fraction.js";

const here = dirname(fileURLToPath(import.meta.url));
const objective = (process.env.OBJECTIVE ?? "baseline") as Objective;
const seed = Number(process.env.SEED ?? 1);
const settings = runSettings(process.env);
const resultsDir = process.env.RESULTS_DIR ?? join(here, "results");
const fold = process.env.HELD_OUT_FOLD ? Number(process.env.HELD_OUT_FOLD) : undefined;
const runName = `${objective}${fold ? `-f${fold}` : ""}-s${seed}`;
const log = (line: string) => process.stderr.write(`[${runName}] ${line}\n`);
const refit = process.env.REFIT === "1";
if (refit && (fold !== undefined || process.env.AUXILIARY)) {
  log("REFIT=1 is for Dev runs without AUXILIARY (a fold run scores the slice a refit trains on)");
  process.exit(1);
}

const trainFile = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (!haveData(trainFile, devFile)) process.exit(1);

const clock = await startRun(settings.backend);

// TRAIN_LIMIT / DEV_LIMIT only for smoke tests of this script
const fullTrain = await readCollection(trainFile);
const trainDocs = fullTrain.documents.slice(0, Number(process.env.TRAIN_LIMIT ?? 1e9));
const fullDev = await readCollection(devFile);
const devCollection = {
  ...fullDev,
  documents: fullDev.documents.slice(0, Number(process.env.DEV_LIMIT ?? 1e9)),
};
// Model selection never sees Dev: the runner holds out a seeded slice of Train, with one
// fixed seed for every run (the CLI's compare uses each run's seed instead).
const split =
  fold !== undefined
    ? foldTrainingData(trainDocs, fold, settings.maxTokens)
    : holdOutForSelection(trainDocs, {
        seed: HELD_OUT_SEED,
        fraction: HELD_OUT_FRACTION,
        dataset: { tokenizerOptions: BIORED_TOKENIZER, maxTokens: settings.maxTokens },
      });
const { fit: dataset, validation: heldOut } = split;
// TRAIN_FRACTION < 1 (learning curves): a seeded subset of the training documents; the
// tokenizer, held-out slice and vectors stay those of the full run.
// (train-fraction.ts: the same subset the fusion drivers fit the typer on)
if (settings.trainFraction < 1)
  dataset.documents = keptForFraction(dataset.documents, settings.trainFraction);
log(
  `train ${dataset.documents.length} docs, held-out ${heldOut.documents.length}, dev ${devCollection.documents.length}`,
);

/** A fresh model for `data`, initialized as every run's (vectors, optional encoder weights). */
function freshModel(data: RelationDataset): {
  model: RelationModel;
  initialization: Record<string, unknown>;
} {
  const { model, initialization } = runModel(data, settings, seed, log);
  // ENCODER_WEIGHTS: the conv encoder (token table included) from masked-token pre-training
  if (settings.encoderWeights)
    initialization.encoder = initializeFromEncoderWeights(model, settings.encoderWeights, log);
  return { model, initialization };
}
const { model: stage1, initialization } = freshModel(dataset);
const auxSettings = auxiliarySettings(process.env);
const auxiliary =
  auxSettings.corpora.length > 0
    ? await loadAuxiliaryTasks(
        auxSettings,
        dataset,
        new Set([...fullTrain.documents, ...fullDev.documents].map((d) => d.id)),
        settings.maxTokens,
      )
    : undefined;
for (const r of auxiliary?.records ?? [])
  log(
    `auxiliary ${r.name}: ${r.documents} docs (${r.excluded} in BioRED Train/Dev left out), pairs ${JSON.stringify(r.pairsByLabel)}`,
  );
const result = await trainWithLog(
  stage1,
  dataset,
  heldOut,
  objective,
  seed,
  settings,
  log,
  auxiliary?.tasks,
);

/**
 * The run's record for one model and decision rule: settings, training, Dev scores, predictions.
 * `training` is stage 1's (the selection: best epoch, held-out F1); a refit adds its own record.
 */
function devRecord(model: RelationModel, training: TrainResult, refitted?: Refit) {
  const { predictedRelations, summary } = scoreOnDev(model, devCollection);
  const record = {
    objective,
    seed,
    settings,
    heldOut: heldOutRecord(heldOut),
    initialization,
    ...(auxiliary ? { auxiliary: { settings: auxSettings, corpora: auxiliary.records } } : {}),
    training,
    ...(refitted
      ? {
          refit: {
            epochs: refitted.epochs,
            documents: refitted.documents,
            training: refitted.training,
            seconds: refitted.seconds,
          },
        }
      : {}),
    decision: model.decision,
    dev: summary,
    embeddings: embeddingQuality(model, devCollection.documents, seed),
    // the same on 60 of the documents it trained on: does the contrastive loss organise
    // the space it shapes at all, or only fail to carry it over to Dev?
    trainEmbeddings: embeddingQuality(model, split.fitDocuments.slice(0, 60), seed),
    seconds: clock.seconds(),
    predictions: predictedRelations,
  };
  log(`${refitted ? "refit " : ""}${devScoresLine(summary, record.seconds.cpu)}`);
  return record;
}

function writeRecord(dir: string, record: ReturnType<typeof devRecord>) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${objective}-s${seed}.json`), JSON.stringify(record));
}

// A fold run (HELD_OUT_FOLD) scores its held-out slice with the BioRED track scoring and stops:
// the epoch and the None threshold were chosen on that slice too, so its figures are optimistic
// alike for every configuration — fit for ranking them, not for reporting.
if (fold !== undefined) {
  const { summary } = scoreOnDev(stage1, {
    ...fullTrain,
    documents: [...split.validationDocuments],
  });
  const pct = (x: number) => (x * 100).toFixed(1);
  const seconds = clock.seconds();
  log(
    `held-out fold ${fold}: pair F1 ${pct(summary.pair.f1)}, +type ${pct(summary.pairType.f1)}, all ${pct(summary.all.f1)}, macro ${pct(summary.macroF1PairType)}; cpu ${seconds.cpu.toFixed(0)} s`,
  );
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, `${runName}.json`),
    JSON.stringify({
      objective,
      seed,
      fold,
      settings,
      heldOut: { fold, documents: heldOut.documents.length, scores: summary },
      initialization,
      training: result,
      decision: stage1.decision,
      seconds,
    }),
  );
  // SCORES=1: the slice's raw pair scores (empty Dev part), for choosing on Train folds (typer-cv.ts)
  if (process.env.SCORES === "1")
    writeRunScores(
      stage1,
      heldOut,
      { ...fullDev, documents: [] },
      join(resultsDir, `${runName}.scores.json`),
    );
  stage1.dispose();
  process.exit(0);
}
// The held-out slice's scores every rule is tuned on: always the stage-1 model's (never trained on it).
const stage1HeldOut = stage1.score(heldOut.documents);
let model = stage1;
let refitted: Refit | undefined;
// a refit run's scores of the fit documents by both models (ensemble.ts RATE_MATCH=1)
let fitScores: { stage1: PairScores; refit: PairScores } | undefined;
if (refit) {
  const stage1Dir = `${resultsDir}-stage1`;
  writeRecord(stage1Dir, devRecord(stage1, result));
  if (process.env.SCORES === "1")
    writeRunScores(
      stage1,
      heldOut,
      devCollection,
      join(stage1Dir, `${objective}-s${seed}.scores.json`),
    );
  // the fit documents' scores by the stage-1 model, for the rate-matched None bias below
  const stage1Fit = stage1.score(dataset.documents);
  refitted = await refitOnAllOfTrain({
    stage1,
    bestEpoch: result.bestEpoch,
    fit: dataset,
    heldOut,
    freshModel: (data) => freshModel(data).model,
    objective,
    seed,
    settings,
    log,
  });
  model = refitted.model;
  // exploratory: the refit model with a None bias (then also a novelty threshold) matched to
  // stage 1's predicted counts on the fit documents (refit.ts), in <RESULTS_DIR>-rate(-novelty)
  const rule = model.decision;
  const refitFit = model.score(dataset.documents);
  fitScores = { stage1: stage1Fit, refit: refitFit };
  model.decision = {
    ...rule,
    noneBias: rateMatchedNoneBias(stage1Fit, stage1.decision, refitFit),
  };
  log(
    `rate-matched None bias ${model.decision.noneBias.toFixed(3)} (stage 1: ${rule.noneBias.toFixed(3)})`,
  );
  writeRecord(`${resultsDir}-rate`, devRecord(model, result, refitted));
  model.decision = {
    ...model.decision,
    noveltyThreshold: rateMatchedNoveltyThreshold(
      stage1Fit,
      stage1.decision,
      refitFit,
      model.decision,
    ),
  };
  log(
    `rate-matched novelty threshold ${model.decision.noveltyThreshold.toFixed(3)} (stage 1: ${rule.noveltyThreshold})`,
  );
  writeRecord(`${resultsDir}-rate-novelty`, devRecord(model, result, refitted));
  model.decision = rule;
  stage1.dispose();
}
writeRecord(resultsDir, devRecord(model, result, refitted));
// SCORES=1: raw held-out and Dev pair scores for experiments/ensemble.ts (not committed).
if (process.env.SCORES === "1")
  writeRunScores(
    model,
    heldOut,
    devCollection,
    join(resultsDir, `${objective}-s${seed}.scores.json`),
    stage1HeldOut,
    fitScores,
  );
// TYPE_BIAS_DIR: the same model again with per-type offsets tuned on the held-out slice.
if (process.env.TYPE_BIAS_DIR) {
  const tuned = tuneTypeBiases(stage1HeldOut);
  model.decision = { ...model.decision, noneBias: tuned.noneBias, typeBias: tuned.typeBias };
  log(
    `type biases ${tuned.typeBias.map((b) => b.toFixed(2)).join(" ")} (held-out +type F1 ${(tuned.f1 * 100).toFixed(1)})`,
  );
  writeRecord(process.env.TYPE_BIAS_DIR, devRecord(model, result, refitted));
}
model.dispose();
