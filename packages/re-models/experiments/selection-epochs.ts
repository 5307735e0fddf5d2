// Per-epoch records for the epoch-selection study (issue 19, summaries/selection-rules-round27.md):
// trains EPOCHS epochs with no early stopping and, after each epoch (the trainer's onEpochEnd:
// the model holds that epoch's weights), scores the selection slice and an evaluation set, net
// and fused with the linear typer (w = 0.75). Training is not changed: scoring reads the weights
// only (checked against a stored PATIENCE=10 run's history, see the summary).
//
//   FOLD=k: selection on held-out fold k of Train, evaluation on fold k+1 (5 -> 1), fit on the
//           other 320 documents; writes <RESULTS_DIR>/<objective>-f<k>-s<seed>.epochs.json;
//           EVAL_FOLD=e evaluates on fold e instead (round 4.8): <objective>-f<k>e<e>-s<seed>
//           FOLD_TOKENIZER=own fits the tokenizer on the fit documents alone (the usual one saw every
//           slice but 1) and remaps the word2vec rows to it by token: <objective>-f<k>[e<e>]t-s<seed>
//   no FOLD: the usual split (40-document slice, 360 fit documents), evaluation on Dev;
//           writes <RESULTS_DIR>/<objective>-s<seed>.epochs.json
//   DEV_FOLD=k: selection on held-out fold k, fit on the other 360 documents, evaluation on
//           Dev (round 3.4; k = 1 is the usual split); writes <objective>-d<k>-s<seed>;
//           SLICES=2 selects on folds k and k+1 (80 documents, round 3.5): <objective>-d<k>w2-s<seed>;
//           FIT_WITHOUT=j also leaves fold j's slice out of the fit (320 documents, round 5.4):
//           <objective>-d<k>x<j>-s<seed>
//   HALF_SLICE=1 (with FOLD or DEV_FOLD): selection on half of the slice (20 documents), the other
//           half fitted too (round 5.5): <objective>-f<k>[e<e>][t]h-s<seed>, <objective>-d<k>h-s<seed>
//   REFIT=1 (with FOLD or DEV_FOLD, round 6.0): the network fits the selection slice too (the
//           split, its typer and the scored sets are the usual ones); its scores are decided
//           with its standard twin's selection scores: <objective>-f<k>[e<e>][t]r-s<seed>,
//           <objective>-d<k>r-s<seed>
//
// Recipe from the usual variables (settings.ts); PATIENCE is forced to EPOCHS. The log never
// prints an evaluation figure (Dev runs may train before the rule is chosen on the folds).
// SCORES=1 also writes each epoch's rounded pair scores (<name>.epoch-scores.json); with
// MASKED_VIEW=1 also the network's scores of the all-names-masked view (round 3.6).
// WINDOW_WEIGHTS=1 also, for each centre e = 2 … EPOCHS − 1, the network's scores with the weights
// of epochs e − 1, e, e + 1 averaged (round 4.2), scored after training.
// DISTILL=<teacher file> (distill-teacher.ts) adds knowledge distillation from that teacher;
// with TRANSFER=cdr,... also on those corpora's abstracts, from the teacher's transfer files
// (TRANSFER_WEIGHT, default 1; TRANSFER_BATCH, default the main batch size).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import type { Objective } from "../src/index.js";
import { encodeLike, trainRun } from "../src/experiment/index.js";
import { distillationOf, readTeacherFile } from "./distillation/teacher-file.js";
import {
  encodeTransferCorpora,
  transferCorpora,
  transferFileOf,
  transferTask,
} from "./distillation/transfer.js";
import { logCallbacks, runModel, startRun, trainOptionsOf } from "./run-steps.js";
import { type EpochScores, epochScorer } from "./selection/epoch-scoring.js";
import type { SavedEpochScores } from "./selection/saved-runs.js";
import { EpochWeights } from "./selection/window-weights.js";
import { usualFitDataset } from "./held-out-folds.js";
import { evaluationFoldOf, foldSplitWithDev, twoSliceFold } from "./selection/split.js";
import { scoredSets, withTyper } from "./selection/split-typer.js";
import { runSettings } from "./settings.js";

const here = dirname(fileURLToPath(import.meta.url));
const objective = (process.env.OBJECTIVE ?? "baseline") as Objective;
const seed = Number(process.env.SEED ?? 1);
const fold = process.env.FOLD ? Number(process.env.FOLD) : undefined;
const devFold = process.env.DEV_FOLD ? Number(process.env.DEV_FOLD) : undefined;
if (fold !== undefined && devFold !== undefined) throw new Error("FOLD or DEV_FOLD, not both");
const evalFold = process.env.EVAL_FOLD ? Number(process.env.EVAL_FOLD) : undefined;
if (evalFold !== undefined && fold === undefined) throw new Error("EVAL_FOLD needs FOLD");
const evaluationFold = fold !== undefined ? (evalFold ?? evaluationFoldOf(fold)) : undefined;
const ownTokenizer = process.env.FOLD_TOKENIZER === "own";
if (ownTokenizer && fold === undefined) throw new Error("FOLD_TOKENIZER needs FOLD");
const slices = Number(process.env.SLICES ?? 1);
if (slices !== 1 && devFold === undefined) throw new Error("SLICES needs DEV_FOLD");
const fitWithout = process.env.FIT_WITHOUT ? Number(process.env.FIT_WITHOUT) : undefined;
if (fitWithout !== undefined && devFold === undefined)
  throw new Error("FIT_WITHOUT needs DEV_FOLD");
const halfSlice = process.env.HALF_SLICE === "1";
if (halfSlice && fold === undefined && devFold === undefined)
  throw new Error("HALF_SLICE needs FOLD or DEV_FOLD");
const settings = runSettings(process.env);
settings.patience = settings.epochs; // no early stopping: every epoch is recorded
const resultsDir = process.env.RESULTS_DIR ?? join(here, "results-selection");
const refit = process.env.REFIT === "1";
if (refit && fold === undefined && devFold === undefined)
  throw new Error("REFIT needs FOLD or DEV_FOLD");
if (refit && (halfSlice || slices !== 1 || fitWithout !== undefined))
  throw new Error("REFIT reads the standard one-slice split only");
const half = `${halfSlice ? "h" : ""}${refit ? "r" : ""}`;
const runName = `${objective}${fold ? `-f${fold}${evalFold ? `e${evalFold}` : ""}${ownTokenizer ? "t" : ""}${half}` : ""}${devFold ? `-d${devFold}${slices > 1 ? `w${slices}` : ""}${fitWithout ? `x${fitWithout}` : ""}${half}` : ""}-s${seed}`;
const log = (line: string) => process.stderr.write(`[selection ${runName}] ${line}\n`);

const trainFile = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (!haveData(trainFile, devFile)) process.exit(1);
const clock = await startRun(settings.backend);

const train = (await readCollection(trainFile)).documents;
const dev = (await readCollection(devFile)).documents;
const split =
  fold !== undefined
    ? twoSliceFold(train, fold, settings.maxTokens, { evaluationFold, ownTokenizer, halfSlice })
    : foldSplitWithDev(train, dev, devFold ?? 1, settings.maxTokens, {
        slices,
        fitWithout,
        halfSlice,
      });
const labels = split.fit.labelSpace.labels;
log(
  `fit ${split.fit.documents.length} docs, selection ${split.selection.documents.length}${fold || devFold ? ` (fold ${fold ?? devFold})` : ""}, evaluation ${split.evaluation.documents.length}${fold ? ` (fold ${evaluationFold})` : " (Dev)"}`,
);

// the typer: fitted on the fit documents' gold pairs, L2 chosen on the selection slice's
const splitTyper = withTyper(split, log);
const { typer } = splitTyper;
const { selection, evaluation } = scoredSets(splitTyper);
log(`typer l2 ${typer.l2}`);

// transfer-set distillation: the teacher's logits on other corpora's abstracts
const transferNames = transferCorpora(process.env);
if (transferNames.length > 0 && !settings.distill) {
  log("TRANSFER needs DISTILL=<teacher file>: the transfer logits are read beside it");
  process.exit(1);
}
const transferSettings = {
  weight: Number(process.env.TRANSFER_WEIGHT ?? 1),
  temperature: settings.distill?.temperature ?? 2,
  ...(process.env.TRANSFER_BATCH ? { batchSize: Number(process.env.TRANSFER_BATCH) } : {}),
};
const transfer = await encodeTransferCorpora(
  transferNames,
  split.fit,
  new Set([...train, ...dev].map((d) => d.id)),
  settings.maxTokens,
);
const auxiliary =
  transfer.length > 0
    ? [
        transferTask(
          transfer.map((corpus) => {
            const file = transferFileOf(settings.distill?.file as string, corpus.name);
            log(
              `transfer ${corpus.name}: ${corpus.documents.length} documents, logits from ${file}`,
            );
            return { corpus, teacher: readTeacherFile(file, labels) };
          }),
          labels,
          transferSettings,
        ),
      ]
    : [];

const { model, initialization } = runModel(
  split.fit,
  settings,
  seed,
  log,
  ownTokenizer ? usualFitDataset(train, settings.maxTokens).tokenizer : undefined,
);

// REFIT: the network fits the slice too, encoded like the fit documents (tokenizer, labels, pairs)
const networkFit = refit
  ? encodeLike(split.fit, [...split.fitDocuments, ...split.selectionDocuments], {
      maxTokens: settings.maxTokens,
    })
  : split.fit;
if (refit) log(`refit: the network fits ${networkFit.documents.length} docs`);

const maskedView = process.env.MASKED_VIEW === "1";
if (maskedView && process.env.SCORES !== "1") throw new Error("MASKED_VIEW=1 needs SCORES=1");
const score = epochScorer(selection, evaluation, typer, labels, maskedView);
const windowWeights = process.env.WINDOW_WEIGHTS === "1";
if (windowWeights && process.env.SCORES !== "1") throw new Error("WINDOW_WEIGHTS=1 needs SCORES=1");
const epochWeights = windowWeights ? new EpochWeights() : undefined;
const epochs: (Omit<EpochScores, "raw" | "predictions"> & {
  epoch: number;
  trainLoss: number;
  validationF1: number | null;
})[] = [];
const predictions: EpochScores["predictions"][] = [];
const rawScores: SavedEpochScores[] = [];
let selectionLabelIds: number[] = [];
const round = (xs: Float32Array) => Array.from(xs, (x) => Math.round(x * 1e4) / 1e4);
const logging = logCallbacks(log);
const { result } = await trainRun(
  model,
  { fit: networkFit, validation: split.selection },
  { ...trainOptionsOf(objective, seed, settings, auxiliary), ...distillationOf(settings, labels) },
  {
    onBatchEnd: logging.onBatchEnd,
    onEpochEnd: (record) => {
      logging.onEpochEnd?.(record);
      epochWeights?.keep(model);
      const started = performance.now();
      const { raw, masked, predictions: predicted, ...scores } = score(model);
      epochs.push({
        epoch: record.epoch,
        trainLoss: record.trainLoss,
        validationF1: record.validationF1,
        ...scores,
      });
      predictions.push(predicted);
      selectionLabelIds = Array.from(raw.selection.labelIds);
      if (process.env.SCORES === "1")
        rawScores.push({
          selection: round(raw.selection.relationLogits),
          eval: round(raw.eval.relationLogits),
          ...(masked
            ? {
                selectionMasked: round(masked.selection.relationLogits),
                evalMasked: round(masked.eval.relationLogits),
              }
            : {}),
        });
      // selection-slice signals only: the evaluation figures stay in the file
      log(
        `epoch ${record.epoch} selection F1 net ${scores.selection.f1Net.toFixed(4)} fused ${scores.selection.f1Fused.toFixed(4)} log-loss ${scores.selection.logLoss.toFixed(4)} (scored in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    },
  },
);
const seconds = clock.seconds();
if (epochWeights) {
  const windows = epochWeights.scoreWindows(model, (averaged) => score(averaged).raw);
  for (const [centre, raw] of windows) {
    const saved = rawScores[centre - 1];
    if (!saved) continue;
    saved.selectionWindowWeights = round(raw.selection.relationLogits);
    saved.evalWindowWeights = round(raw.eval.relationLogits);
  }
  epochWeights.dispose();
  log(`scored ${windows.size} weight-averaged windows`);
}
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, `${runName}.epochs.json`),
  JSON.stringify({
    objective,
    seed,
    fold: fold ?? null,
    evaluationFold: evaluationFold ?? null,
    ...(ownTokenizer ? { foldTokenizer: "own" } : {}),
    ...(devFold !== undefined ? { selectionFold: devFold, selectionSlices: slices } : {}),
    ...(fitWithout !== undefined ? { fitWithout } : {}),
    ...(halfSlice ? { halfSlice } : {}),
    ...(refit ? { refit } : {}),
    documents: {
      fit: networkFit.documents.length,
      selection: split.selection.documents.length,
      evaluation: split.evaluation.documents.length,
    },
    settings,
    ...(transfer.length > 0
      ? {
          transfer: {
            ...transferSettings,
            corpora: transfer.map((c) => ({
              name: c.name,
              documents: c.documents.length,
              excluded: c.excluded,
            })),
          },
        }
      : {}),
    initialization,
    typer: { l2: typer.l2 },
    training: result,
    epochs,
    predictions,
    seconds,
  }),
);
if (process.env.SCORES === "1")
  writeFileSync(
    join(resultsDir, `${runName}.epoch-scores.json`),
    JSON.stringify({
      labels,
      numLabels: labels.length,
      selectionLabelIds,
      epochs: rawScores,
    }),
  );
log(`done: ${result.history.length} epochs; cpu ${seconds.cpu.toFixed(0)} s`);
model.dispose();
