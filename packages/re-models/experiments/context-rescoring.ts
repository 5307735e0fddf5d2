// Document-context re-scoring of the pair decision (issue 19, round 2.9; pre-registered in
// summaries/context-rescoring-round29.md). From the per-epoch scores selection-epochs.ts saved
// (SCORES=1), at the epoch the library's rule picks (R2): fuse the typer as the library does,
// fit the re-scorer (context/rescorer.ts) on the selection slice, tune the None bias on its
// out-of-fold slice scores, and compare with the fused system on the evaluation set. No network
// is trained here.
//
//   DIR=results-r27-sel-folds npx tsx experiments/context-rescoring.ts
//     Train folds (selection on fold k, evaluation on fold k+1): the table the choice reads.
//   DIR=results-r28-rep-1024 DEV=1 OUT=results-r29-context npx tsx experiments/context-rescoring.ts
//     Dev runs: records <OUT>/{fused,context}-<objective>-s<seed>.json for summarize.ts.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { type BioredRelation, bioredScores, relationsFromBioC } from "@biore/re-metrics";
import { dataFile, haveData } from "@biore/test-data";
import { type PairScores, decide, tuneNoneBias } from "../src/index.js";
import {
  DEFAULT_TYPER_FUSION,
  type LinearTyper,
  fitLinearTyper,
  fuseTyperScores,
  typerInputs,
} from "../src/typer/index.js";
import { contextFeatures } from "./context/features.js";
import { fitRescorer, rescored, rescorerLogOdds } from "./context/rescorer.js";
import { r2 } from "./selection/rules.js";
import { type SelectionSplit, twoSliceFold, usualSplitWithDev } from "./selection/split.js";
import { mean, sd, tInterval } from "./selection/stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.DIR ?? "results-r27-sel-folds";
const dev = process.env.DEV === "1";
const out = process.env.OUT ?? "results-r29-context";
const log = (line: string) => process.stderr.write(`[context] ${line}\n`);

interface RunFile {
  objective: string;
  seed: number;
  fold: number | null;
  settings: { maxTokens: number };
  typer: { l2: number };
  epochs: {
    selection: { f1Net: number; f1Fused: number; logLoss: number };
    eval: { fused: { pair: number; pairType: number; all: number } };
  }[];
  predictions: { fused: BioredRelation[] }[];
  seconds: unknown;
}
interface ScoreFile {
  numLabels: number;
  selectionLabelIds: number[];
  epochs: { selection: number[]; eval: number[] }[];
}

const names = readdirSync(join(here, dir))
  .filter((f) => f.endsWith(".epochs.json"))
  .map((f) => f.replace(/\.epochs\.json$/, ""))
  .filter((name) => existsSync(join(here, dir, `${name}.epoch-scores.json`)))
  .sort();
const trainFile = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (!haveData(trainFile, devFile)) process.exit(1);
const train = (await readCollection(trainFile)).documents;
const devDocuments = dev ? (await readCollection(devFile)).documents : [];

/** One split and its typer per (fold, token limit): every run of it shares them. */
const splits = new Map<
  string,
  {
    split: SelectionSplit;
    typer: LinearTyper;
    sel: ReturnType<typeof typerInputs>;
    ev: ReturnType<typeof typerInputs>;
  }
>();
function splitOf(run: RunFile) {
  const key = `${run.fold}/${run.settings.maxTokens}`;
  const known = splits.get(key);
  if (known) return known;
  const split =
    run.fold === null
      ? usualSplitWithDev(train, devDocuments, run.settings.maxTokens)
      : twoSliceFold(train, run.fold, run.settings.maxTokens);
  const sel = typerInputs(split.selection, split.selectionDocuments);
  const ev = typerInputs(split.evaluation, split.evaluationDocuments);
  const { typer } = fitLinearTyper(typerInputs(split.fit, split.fitDocuments), {
    labels: split.fit.labelSpace.labels,
    heldOut: sel,
    log: () => {},
  });
  const made = { split, typer, sel, ev };
  splits.set(key, made);
  return made;
}

const labelIdsOf = (data: SelectionSplit["evaluation"]) =>
  Int32Array.from(data.documents.flatMap((d) => Array.from(d.labelIds)));
const scoresOf = (logits: number[], labelIds: Int32Array, numLabels: number): PairScores => ({
  numPairs: labelIds.length,
  numLabels,
  relationLogits: Float32Array.from(logits),
  noveltyLogits: new Float32Array(labelIds.length),
  embeddingDim: 0,
  labelIds,
  novelIds: new Int32Array(labelIds.length),
});
const documentIndexOf = (data: SelectionSplit["selection"]) =>
  Int32Array.from(data.pairs.flatMap((pairs, d) => pairs.map(() => d)));

/** BioRED relations of the decisions; novelty copied from the fused system's record. */
function relationsOf(
  scores: PairScores,
  noneBias: number,
  data: SelectionSplit["evaluation"],
  labels: readonly string[],
  novelty: Map<string, "Novel" | "No">,
  fallback: "Novel" | "No",
): BioredRelation[] {
  const pairs = data.pairs.flat();
  const decisions = decide(scores, { noneBias, noveltyThreshold: 0.5 });
  const relations: BioredRelation[] = [];
  decisions.labelIds.forEach((label, p) => {
    if (label === 0) return;
    const pair = pairs[p] as (typeof pairs)[number];
    const key = `${pair.documentId}|${pair.head.identifier}|${pair.tail.identifier}`;
    relations.push({
      documentId: pair.documentId,
      entity1: pair.head.identifier,
      entity2: pair.tail.identifier,
      type: labels[label] as string,
      novel: novelty.get(key) ?? fallback,
    });
  });
  return relations;
}

const figures = (
  gold: BioredRelation[],
  predictions: BioredRelation[],
  documents: readonly BioCDocument[],
) => {
  const s = bioredScores(gold, predictions, {
    entityTypes: documents,
    documentIds: documents.map((d) => d.id),
  });
  return {
    pair: s.pair.f1,
    pairType: s.pairType.f1,
    all: s.all.f1,
    p: s.pair.precision,
    r: s.pair.recall,
  };
};

const rows: {
  name: string;
  base: ReturnType<typeof figures>;
  context: ReturnType<typeof figures>;
  l2: number;
}[] = [];
for (const name of names) {
  const run = JSON.parse(readFileSync(join(here, dir, `${name}.epochs.json`), "utf8")) as RunFile;
  if ((run.fold === null) !== dev) continue;
  const scoreFile = JSON.parse(
    readFileSync(join(here, dir, `${name}.epoch-scores.json`), "utf8"),
  ) as ScoreFile;
  const { split, typer, sel, ev } = splitOf(run);
  if (Math.abs(typer.l2 - run.typer.l2) > 1e-12)
    throw new Error(`${name}: typer L2 ${typer.l2} ≠ recorded ${run.typer.l2}`);
  const labels = split.fit.labelSpace.labels;
  const epoch = r2({
    f1: run.epochs.map((e) => e.selection.f1Net),
    f1Fused: run.epochs.map((e) => e.selection.f1Fused),
    logLoss: run.epochs.map((e) => e.selection.logLoss),
  });
  const raw = scoreFile.epochs[epoch - 1] as ScoreFile["epochs"][number];
  const selNet = scoresOf(
    raw.selection,
    Int32Array.from(scoreFile.selectionLabelIds),
    scoreFile.numLabels,
  );
  const evNet = scoresOf(raw.eval, labelIdsOf(split.evaluation), scoreFile.numLabels);
  const selFused = fuseTyperScores(selNet, typer, sel, DEFAULT_TYPER_FUSION);
  const evFused = fuseTyperScores(evNet, typer, ev, DEFAULT_TYPER_FUSION);

  const recorded = run.predictions[epoch - 1]?.fused ?? [];
  const novelty = new Map(
    recorded.map((r) => [`${r.documentId}|${r.entity1}|${r.entity2}`, r.novel as "Novel" | "No"]),
  );
  const novelShare =
    recorded.filter((r) => r.novel === "Novel").length / Math.max(1, recorded.length);
  const fallback = novelShare >= 0.5 ? "Novel" : "No";
  const gold = relationsFromBioC(split.evaluationDocuments);

  // the fused system as the run recorded it (check: the saved scores reproduce its figures)
  const baseBias = tuneNoneBias(selFused).noneBias;
  const base = figures(
    gold,
    relationsOf(evFused, baseBias, split.evaluation, labels, novelty, fallback),
    split.evaluationDocuments,
  );
  const expected = run.epochs[epoch - 1]?.eval.fused as { pair: number; pairType: number };
  if (
    Math.abs(base.pair - expected.pair) > 0.003 ||
    Math.abs(base.pairType - expected.pairType) > 0.003
  )
    throw new Error(
      `${name}: recomputed fused pair/+type ${base.pair}/${base.pairType} ≠ recorded ${expected.pair}/${expected.pairType}`,
    );

  const selFeatures = contextFeatures(split.selection, selFused, selNet);
  const fit = fitRescorer(selFeatures, selNet.labelIds, documentIndexOf(split.selection));
  const bias = tuneNoneBias(rescored(selFused, fit.outOfFold)).noneBias;
  const evRescored = rescored(
    evFused,
    rescorerLogOdds(fit, contextFeatures(split.evaluation, evFused, evNet)),
  );
  const contextRelations = relationsOf(
    evRescored,
    bias,
    split.evaluation,
    labels,
    novelty,
    fallback,
  );
  const context = figures(gold, contextRelations, split.evaluationDocuments);
  rows.push({ name, base, context, l2: fit.l2 });
  log(
    `${name} epoch ${epoch} l2 ${fit.l2}: pair ${(100 * base.pair).toFixed(1)} → ${(100 * context.pair).toFixed(1)}${dev ? "" : `, +type ${(100 * base.pairType).toFixed(1)} → ${(100 * context.pairType).toFixed(1)}`}`,
  );
  if (dev) {
    mkdirSync(join(here, out), { recursive: true });
    const record = (system: string, predictions: BioredRelation[], f: ReturnType<typeof figures>) =>
      writeFileSync(
        join(here, out, `${system}-${run.objective}-s${run.seed}.json`),
        JSON.stringify({
          objective: `${system}-${run.objective}`,
          seed: run.seed,
          training: { bestEpoch: epoch, bestValidationF1: null, history: [] },
          dev: { pair: { f1: f.pair }, pairType: { f1: f.pairType }, all: { f1: f.all } },
          seconds: run.seconds,
          predictions,
        }),
      );
    record("fused", recorded, base);
    record("context", contextRelations, context);
  }
}

const pts = (x: number) => (100 * x).toFixed(2);
console.log(
  `\n${dev ? "Dev" : "Train folds"} (${dir}): ${rows.length} runs, R2 epoch, typer fused w = ${DEFAULT_TYPER_FUSION.weight}\n`,
);
console.log(
  "| run | L2 | fused pair (P / R) | context pair (P / R) | fused +type | context +type | fused all | context all |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.l2} | ${pts(r.base.pair)} (${pts(r.base.p)} / ${pts(r.base.r)}) | ${pts(r.context.pair)} (${pts(r.context.p)} / ${pts(r.context.r)}) | ${pts(r.base.pairType)} | ${pts(r.context.pairType)} | ${pts(r.base.all)} | ${pts(r.context.all)} |`,
  );
for (const objective of [...new Set(rows.map((r) => r.name.split("-")[0]))]) {
  const sub = rows.filter((r) => r.name.startsWith(`${objective}-`));
  for (const key of ["pair", "pairType", "all"] as const) {
    const d = sub.map((r) => 100 * (r.context[key] - r.base[key]));
    const { lower: lo, upper: hi } = tInterval(d);
    console.log(
      `${objective} ${key}: context − fused ${mean(d).toFixed(2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}] (SD ${sd(d).toFixed(2)}, ${d.length} runs)`,
    );
  }
}
