// Steps shared by the experiment scripts (biored.ts, pretraining-train.ts), so
// every run is trained, logged and scored on Dev the same way: by the library's
// experiment runner (@biore/re-models/experiment), as `biore compare` is.
import { existsSync, readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs-core";
import type { BioCCollection } from "@biore/bioc-io";
import type { RelationDataset, Tokenizer } from "@biore/relation-dataset";
import type { BioCDocument } from "@biore/bioc-io";
import {
  type TrainRunOptions,
  encodeLike,
  evaluateRun,
  trainRun,
} from "../src/experiment/index.js";
import {
  type AuxiliaryTask,
  type Objective,
  type RelationModel,
  type TrainCallbacks,
  type TrainResult,
  createModelForDataset,
  registerFastCpuKernels,
} from "../src/index.js";
import { initializeTokenEmbeddings, vocabularyFingerprint } from "../src/pretraining/index.js";
import { batchSamplerOf, hnmOptions } from "./hnm-recipe.js";
import { vectorsPath, vectorsReportPath } from "./pretraining-paths.js";
import { HELD_OUT_FRACTION, HELD_OUT_SEED, type RunSettings } from "./settings.js";

/**
 * Copies the word2vec vectors of `experiments/pretraining-vectors.ts` into the
 * model's token embeddings; exits when they are missing or were trained with
 * another tokenizer than `vectorsTokenizer` (default: the dataset's). When that
 * is not the dataset's tokenizer (FOLD_TOKENIZER=own), rows are re-keyed to the
 * dataset's vocabulary by token. Returns what was done, for the run's JSON.
 */
export function initializeFromVectors(
  model: RelationModel,
  dataset: RelationDataset,
  method: string,
  log: (line: string) => void,
  vectorsTokenizer?: Tokenizer,
): Record<string, unknown> {
  const reportFile = vectorsReportPath(method);
  if (!existsSync(vectorsPath(method)) || !existsSync(reportFile)) {
    log(`no vectors at ${vectorsPath(method)}: run experiments/pretraining-vectors.ts first`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as { tokenizer: string };
  const keyedTo = vectorsTokenizer ?? dataset.tokenizer;
  if (report.tokenizer !== vocabularyFingerprint(keyedTo)) {
    log("vectors were trained with another tokenizer vocabulary; rerun pretraining-vectors.ts");
    process.exit(1);
  }
  const bytes = readFileSync(vectorsPath(method));
  const stored = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const vectors =
    keyedTo === dataset.tokenizer ? stored : remapRows(stored, keyedTo, dataset.tokenizer);
  const result = initializeTokenEmbeddings(model, vectors);
  log(
    `initialized ${result.rowsInitialized} token rows from ${method} vectors (kept ${result.rowsKept}), scale ${result.scale.toFixed(3)}`,
  );
  return { init: "pretrained", method, ...result };
}

/**
 * Vectors keyed to `from`'s ids re-keyed to `to`'s by token string; a token `from` lacks gets a
 * zero row, which initializeTokenEmbeddings leaves at its random start.
 */
function remapRows(vectors: Float32Array, from: Tokenizer, to: Tokenizer): Float32Array {
  const dim = vectors.length / from.vocabSize;
  const fromIds = new Map(from.toJSON().vocab.map((token, id) => [token, id]));
  const out = new Float32Array(to.vocabSize * dim);
  for (let id = 0; id < to.vocabSize; id++) {
    const source = fromIds.get(to.token(id));
    if (source !== undefined) out.set(vectors.subarray(source * dim, (source + 1) * dim), id * dim);
  }
  return out;
}

/**
 * A fresh model for `data` with the run's shape (SIZE, the recipe's switches, DROPOUT,
 * HIDDEN_DIM, DILATIONS) and seed, its token table started from the word2vec vectors when the run asks
 * for them. Returns the model and what initialized it, for the run's JSON.
 */
export function runModel(
  data: RelationDataset,
  settings: RunSettings,
  seed: number,
  log: (line: string) => void,
  vectorsTokenizer?: Tokenizer,
): { model: RelationModel; initialization: Record<string, unknown> } {
  const model = createModelForDataset(data, {
    size: settings.size,
    shape: {
      pairContext: settings.pairContext,
      betweenContext: settings.betweenContext,
      typeMask: settings.typeMask,
      lexical: settings.lexical,
      triggerLexicon: settings.triggerLexicon,
      localPairs: settings.localPairs,
      conceptGate: settings.conceptGate,
      pairInteraction: settings.pairInteraction,
      pairAttention: settings.pairAttention,
      ...(settings.dropout !== undefined ? { dropout: settings.dropout } : {}),
      ...(settings.hiddenDim !== undefined ? { hiddenDim: settings.hiddenDim } : {}),
      ...(settings.dilations !== undefined ? { dilations: settings.dilations } : {}),
    },
    seed,
    maxTokens: settings.maxTokens,
  });
  const initialization =
    settings.init === "pretrained"
      ? initializeFromVectors(model, data, settings.vectors, log, vectorsTokenizer)
      : { init: "random" };
  return { model, initialization };
}

/** The held-out slice encoded with the training set's tokenizer, labels, types and type pairs. */
export function heldOutDataset(
  dataset: RelationDataset,
  documents: BioCDocument[],
  settings: RunSettings,
): RelationDataset {
  return encodeLike(dataset, documents, { maxTokens: settings.maxTokens });
}

/** The trainer's options of a run (fresh HNM parts and sampler on every call: one set per training run). */
export function trainOptionsOf(
  objective: Objective,
  seed: number,
  settings: RunSettings,
  auxiliary?: readonly AuxiliaryTask[],
): TrainRunOptions {
  return {
    objective,
    seed,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    patience: settings.patience,
    selectionWindow: settings.selectionWindow,
    relationLoss: settings.relationLoss,
    labelSmoothing: settings.labelSmoothing,
    typeLossWeight: settings.typeLoss,
    entityMask: settings.entityMask,
    parameterAverage: settings.parameterAverage,
    hnm: hnmOptions(settings.hnm),
    ...batchSamplerOf(settings.balancedBatches),
    ...(auxiliary && auxiliary.length > 0 ? { auxiliary } : {}),
  };
}

/** Logs every 10th batch and every epoch's loss and held-out F1. */
export function logCallbacks(log: (line: string) => void): TrainCallbacks {
  return {
    onBatchEnd: (p) => {
      if (p.batch % 10 === 0)
        log(
          `epoch ${p.epoch} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)}${p.auxiliary != null ? ` (auxiliary ${p.auxiliary.toFixed(4)})` : ""}`,
        );
    },
    onEpochEnd: (r) =>
      log(
        `epoch ${r.epoch} loss ${r.trainLoss.toFixed(4)} held-out pair+type F1 ${r.validationF1 == null ? "- (not validated this epoch)" : r.validationF1.toFixed(4)} (${r.seconds.toFixed(0)} s)${r.mining ? `; miner kept ${(r.mining.positivesKept * 100).toFixed(0)} % of positive, ${(r.mining.negativesKept * 100).toFixed(0)} % of negative pairs` : ""}`,
      ),
  };
}

/**
 * Trains with the run settings, model selection on the held-out slice, logging every 10 batches;
 * `auxiliary` tasks train beside the main documents (multi-task).
 */
export function trainWithLog(
  model: RelationModel,
  dataset: RelationDataset,
  heldOut: RelationDataset,
  objective: Objective,
  seed: number,
  settings: RunSettings,
  log: (line: string) => void,
  auxiliary?: readonly AuxiliaryTask[],
): Promise<TrainResult> {
  const run = trainRun(
    model,
    { fit: dataset, validation: heldOut },
    trainOptionsOf(objective, seed, settings, auxiliary),
    logCallbacks(log),
  );
  return run.then((r) => r.result);
}

/** Predicts Dev and scores it with the BioRED track scoring (the runner's evaluateRun). */
export function scoreOnDev(model: RelationModel, dev: BioCCollection) {
  const { gold, prediction, scores } = evaluateRun(model, dev.documents, { source: "Dev" });
  const predictedRelations = prediction.relations;
  // As the result JSONs keep it: the four levels, per-type pair+type F1 and their macro mean over gold types.
  const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
  const perTypeF1 = Object.fromEntries(
    goldTypes.map((type) => [type, scores.perType[type]?.pairType.f1 ?? 0]),
  );
  const macroF1PairType =
    goldTypes.reduce((s, t) => s + (perTypeF1[t] as number), 0) / goldTypes.length;
  const summary = {
    pair: scores.pair,
    pairType: scores.pairType,
    pairNovelty: scores.pairNovelty,
    all: scores.all,
    macroF1PairType,
    perTypeF1,
  };
  return { predictedRelations, summary };
}

/** A run's closing log line: its Dev scores and CPU seconds. */
export function devScoresLine(summary: ReturnType<typeof scoreOnDev>["summary"], cpu: number) {
  const pct = (x: number) => (x * 100).toFixed(1);
  return `dev pair F1 ${pct(summary.pair.f1)}, +type ${pct(summary.pairType.f1)}, all (+type +novelty) ${pct(summary.all.f1)}, macro ${pct(summary.macroF1PairType)}; cpu ${cpu.toFixed(0)} s`;
}

/** What a run's JSON records about the held-out slice. */
export function heldOutRecord(heldOut: RelationDataset) {
  return { fraction: HELD_OUT_FRACTION, seed: HELD_OUT_SEED, documents: heldOut.documents.length };
}

/** A run's clock: wall and CPU seconds since `startRun`. */
export interface RunClock {
  seconds(): { wall: number; cpu: number };
}

/** Sets the run's tfjs backend (with the fast kernels on `cpu`) and starts its clock. */
export async function startRun(backend: RunSettings["backend"]): Promise<RunClock> {
  await tf.setBackend(backend);
  if (backend === "cpu") registerFastCpuKernels();
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  return {
    seconds() {
      const cpu = process.cpuUsage(cpuStart);
      return { wall: (performance.now() - wallStart) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
    },
  };
}
