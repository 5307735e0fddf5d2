// The teacher of the distillation study (issue 19, summaries/distillation-round30.md): an
// ensemble of K baseline models (seeds SEED..SEED+K-1, the usual split of Train, model
// selection on its 40-document slice) whose averaged network logits on the 360 fit documents
// the students learn from. Writes <RESULTS_DIR>/teacher-s<SEED>-k<K>.json and, for the record,
// the ensemble's own Dev figures (<RESULTS_DIR>/teacher-s<SEED>-k<K>.dev.json; never printed).
// TRANSFER=cdr,bc6pm,...: also its logits on those corpora's abstracts (distillation/transfer.ts),
// written beside the teacher file as <name>.transfer-<corpus>.json.
// Selection: SELECTION_WINDOW=3 PATIENCE=5 unless set (the library's rule).
// FOLD=k: the fold split of selection-epochs.ts instead (fit on Train minus folds k and k+1,
// selection on fold k; the ".dev.json" figures are then fold k+1's): teacher-f<k>-s<SEED>-k<K>.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { teacherLogits } from "../src/index.js";
import { trainEnsemble } from "../src/experiment/index.js";
import { writeTeacherFile } from "./distillation/teacher-file.js";
import { encodeTransferCorpora, transferCorpora, transferFileOf } from "./distillation/transfer.js";
import { logCallbacks, runModel, startRun, trainOptionsOf } from "./run-steps.js";
import { epochScorer } from "./selection/epoch-scoring.js";
import { twoSliceFold, usualSplitWithDev } from "./selection/split.js";
import { scoredSets, withTyper } from "./selection/split-typer.js";
import { runSettings } from "./settings.js";

const here = dirname(fileURLToPath(import.meta.url));
const seed = Number(process.env.SEED ?? 60);
const size = Number(process.env.K ?? 5);
// A teacher is selected by the library's rule (centred 3-epoch window, patience 5), as every
// round's teachers were (their commands set both); the experiments' older default (1, 2) gave
// weaker-fitted teachers, so it must be asked for by name here.
const settings = runSettings({ SELECTION_WINDOW: "3", PATIENCE: "5", ...process.env });
const resultsDir = process.env.RESULTS_DIR ?? join(here, "results-distill");
const fold = process.env.FOLD ? Number(process.env.FOLD) : undefined;
const name = `teacher${fold ? `-f${fold}` : ""}-s${seed}-k${size}`;
const log = (line: string) => process.stderr.write(`[${name}] ${line}\n`);

const trainFile = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (!haveData(trainFile, devFile)) process.exit(1);
const clock = await startRun(settings.backend);
const train = (await readCollection(trainFile)).documents;
const dev = (await readCollection(devFile)).documents;
const split =
  fold !== undefined
    ? twoSliceFold(train, fold, settings.maxTokens)
    : usualSplitWithDev(train, dev, settings.maxTokens);
const labels = split.fit.labelSpace.labels;
log(`fit ${split.fit.documents.length} docs, selection ${split.selection.documents.length}`);

const trained = await trainEnsemble(
  {
    fit: split.fit,
    validation: split.selection,
    fitDocuments: split.fitDocuments,
    validationDocuments: split.selectionDocuments,
  },
  seed,
  size,
  {
    createModel: (s) => runModel(split.fit, settings, s, log).model,
    trainOptions: (s) => {
      const { seed: _, ...options } = trainOptionsOf("baseline", s, settings);
      return options;
    },
    callbacks: () => logCallbacks(log),
  },
);
if (!trained) throw new Error("teacher training stopped");
const teacher = teacherLogits(trained.model, split.fit.documents);
mkdirSync(resultsDir, { recursive: true });
const about = {
  fold: fold ?? null,
  seeds: trained.members.map((_, m) => seed + m),
  bestEpochs: trained.trainings.map((t) => t.result.bestEpoch),
  settings,
};
const teacherFile = join(resultsDir, `${name}.json`);
writeTeacherFile(teacherFile, teacher, labels, about);

// its logits on the transfer corpora, which the students learn beside the fit documents
const exclude = new Set([...train, ...dev].map((d) => d.id));
for (const corpus of await encodeTransferCorpora(
  transferCorpora(process.env),
  split.fit,
  exclude,
  settings.maxTokens,
)) {
  const logits = teacherLogits(trained.model, corpus.documents);
  const pairs = corpus.documents.reduce((n, d) => n + d.pairHead.length, 0);
  writeTeacherFile(transferFileOf(teacherFile, corpus.name), logits, labels, {
    ...about,
    transfer: corpus.name,
    excluded: corpus.excluded,
  });
  log(
    `transfer ${corpus.name}: ${corpus.documents.length} documents, ${pairs} pairs (${corpus.excluded} BioRED documents left out)`,
  );
}

// the ensemble's own Dev figures (descriptive), scored as the student runs' epochs are
const splitTyper = withTyper(split, log);
const { selection, evaluation } = scoredSets(splitTyper);
const score = epochScorer(selection, evaluation, splitTyper.typer, labels);
const { raw: _raw, predictions, ...scores } = score(trained.model);
writeFileSync(
  join(resultsDir, `${name}.dev.json`),
  JSON.stringify({ ...about, ...scores, predictions, seconds: clock.seconds() }),
);
log(`done: ${teacher.size} documents; cpu ${clock.seconds().cpu.toFixed(0)} s`);
trained.model.dispose();
