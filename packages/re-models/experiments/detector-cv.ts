// Chooses the detector weight v by cross-validation on Train (issue 19; pre-registered in
// summaries/detector-fusion-cv-round25.md). For each disjoint held-out fold (held-out-folds.ts)
// the fold run's stored slice scores (biored.ts HELD_OUT_FOLD=k SCORES=1) get the typer at the
// library default (fused, w = 0.75; typer fitted on the fold's training part, L2 by helper 39's
// rule) and the pair detector (typer/detector.ts, fitted on ALL candidate pairs of the fold's
// training part, L2 by held-out log-loss) at each v of the grid: None logit - v x log-odds;
// the None bias re-tuned on the fold's own slice. The folds' predictions are scored together.
// Choice: best pooled pair F1, ties -> smaller v, subject to pooled +type >= v=0's - 0.5.
// Never reads Dev.
//
//   DIR=results-r25-folds OBJECTIVE=baseline SEED=1 npx tsx experiments/detector-cv.ts
//
// Prints the grid as a Markdown table and the choice; writes <DIR>/detector-cv-<OBJECTIVE>.json.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BioCDocument } from "@biore/bioc-io";
import { readCollection } from "@biore/bioc-io";
import {
  type BioredRelation,
  bioredMacroF1,
  bioredScores,
  relationsFromBioC,
} from "@biore/re-metrics";
import { dataFile, haveData } from "@biore/test-data";
import { foldsFromEnv } from "./held-out-folds.js";
import {
  DETECTOR_WEIGHTS,
  TYPER_WEIGHT,
  detectorLogOdds,
  fitDetector,
  fuseDetector,
} from "./typer/detector.js";
import { typerScoresFor } from "./typer/fusion.js";
import { foldFusionInputs } from "./typer/fusion-inputs.js";
import { fitTyper } from "./typer/typer.js";
import { FUSION_VARIANTS, fusedAt, fusedPredictions } from "./typer/variants.js";

/** The +type guard: the chosen v may lose at most this much pooled +type F1 against v = 0. */
export const PAIR_TYPE_TOLERANCE = 0.005;

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.DIR ?? "results-r25-folds";
const objective = process.env.OBJECTIVE ?? "baseline";
const seed = Number(process.env.SEED ?? 1);
const folds = foldsFromEnv(process.env.FOLDS);
const log = (line: string) => process.stderr.write(`[detector-cv ${objective}] ${line}\n`);
const fused = FUSION_VARIANTS.find((v) => v.name === "fused");
if (!fused) throw new Error("no fused variant");

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) process.exit(1);
const train = await readCollection(trainFile);

const predictions = DETECTOR_WEIGHTS.map(
  () => [] as { fold: number; relations: BioredRelation[] }[],
);
const slices: BioCDocument[] = [];
const records: Record<string, unknown>[] = [];

for (const fold of folds) {
  const path = join(here, dir, `${objective}-f${fold}-s${seed}.scores.json`);
  const { split, fitPairs, slicePairs, net, pairs, labels } = foldFusionInputs(
    path,
    train.documents,
    fold,
  );
  slices.push(...split.validationDocuments);
  const foldLog = (line: string) => log(`fold ${fold}: ${line}`);
  const typer = fitTyper(fitPairs, slicePairs, split.fit.labelSpace.size - 1, foldLog);
  const logp = typerScoresFor(typer, slicePairs, net, (n) =>
    foldLog(`warning: ${n} pairs where the typer's seen types differ from the mask`),
  );
  const detector = fitDetector(fitPairs, slicePairs, foldLog);
  const odds = detectorLogOdds(detector, slicePairs);
  records.push({ fold, typerL2: typer.l2, detectorL2: detector.l2, detectorGrid: detector.grid });
  DETECTOR_WEIGHTS.forEach((v, i) => {
    const shifted = fuseDetector(net, odds, v);
    // the slice is both where the None bias is tuned and what is scored, as in the runs
    const inputs = { heldOut: shifted, dev: shifted, heldOutTyper: logp, devTyper: logp };
    const system = fusedAt(fused, inputs, TYPER_WEIGHT);
    predictions[i]?.push({ fold, relations: fusedPredictions(system, pairs, labels) });
  });
  log(`fold ${fold}: typer l2 ${typer.l2}, detector l2 ${detector.l2}`);
}

const gold = relationsFromBioC(slices);
const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
const size = slices.length / folds.length;
const score = (relations: BioredRelation[], docs: BioCDocument[]) => {
  const ids = new Set(docs.map((d) => d.id));
  return bioredScores(
    gold.filter((r) => ids.has(r.documentId)),
    relations,
    { entityTypes: slices, documentIds: [...ids] },
  );
};
const rows = DETECTOR_WEIGHTS.map((v, i) => {
  const perFold = predictions[i] ?? [];
  const pooled = score(
    perFold.flatMap((f) => f.relations),
    slices,
  );
  const foldScores = perFold.map((f, j) =>
    score(f.relations, slices.slice(j * size, (j + 1) * size)),
  );
  return {
    v,
    pair: pooled.pair.f1,
    pairPrecision: pooled.pair.precision,
    pairRecall: pooled.pair.recall,
    pairType: pooled.pairType.f1,
    all: pooled.all.f1,
    macro: bioredMacroF1(pooled, goldTypes),
    foldPair: foldScores.map((s) => s.pair.f1),
    foldPairType: foldScores.map((s) => s.pairType.f1),
  };
});

// best pooled pair F1 among the v that keep +type within the tolerance; ties -> smaller v
const base = rows[0] as (typeof rows)[number];
const eligible = rows.filter((r) => r.pairType >= base.pairType - PAIR_TYPE_TOLERANCE - 1e-12);
const chosen = [...eligible].sort((a, b) => b.pair - a.pair || a.v - b.v)[0] as typeof base;
const bestPair = [...rows].sort((a, b) => b.pair - a.pair || a.v - b.v)[0] as typeof base;

const pct = (x: number) => (100 * x).toFixed(1);
console.log(
  `typer / detector L2 per fold: ${records.map((r) => `f${r.fold} ${r.typerL2} / ${r.detectorL2}`).join(", ")}`,
);
console.log(
  `\n| v | pooled pair | P / R | pooled +type | pooled all | pooled macro | pair per fold (${folds.join(" / ")}) | +type per fold |`,
);
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.v} | ${pct(r.pair)} | ${pct(r.pairPrecision)} / ${pct(r.pairRecall)} | ${pct(r.pairType)} | ${pct(r.all)} | ${pct(r.macro)} | ${r.foldPair.map(pct).join(" / ")} | ${r.foldPairType.map(pct).join(" / ")} |`,
  );
console.log(
  `\nchosen (${objective}, ${slices.length} documents pooled): v=${chosen.v} (pair ${pct(chosen.pair)}, +type ${pct(chosen.pairType)}; v=0: pair ${pct(base.pair)}, +type ${pct(base.pairType)}; best pair without the guard: v=${bestPair.v})`,
);
writeFileSync(
  join(here, dir, `detector-cv-${objective}.json`),
  JSON.stringify(
    { objective, seed, folds, typerWeight: TYPER_WEIGHT, records, rows, chosen },
    null,
    1,
  ),
);
