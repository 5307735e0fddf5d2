// Round 4.6 (issue 19; pre-registered in summaries/pooled-rescoring-round46.md): round 2.9's
// document-context re-scorer, fitted on 200 out-of-sample Train documents instead of 40. The
// five Train-fold runs of a seed group each score their evaluation slice (fold k + 1), which no
// network of the fold trained or selected on; together the slices cover 200 documents. Nothing
// is trained here but the re-scorer.
//
//   FOLDS_DIR=<fold runs> npx tsx experiments/pooled-rescoring.ts
//     the gate: each slice decided by a re-scorer fitted on the other four (leave one slice out),
//     for every 3-seed subset of the fold runs' seeds (logit averages) and for single runs
//   FOLDS_DIR=<fold runs> DEV_DIRS=<dev runs>,... OUT=<folder> npx tsx experiments/pooled-rescoring.ts
//     also Dev: one re-scorer fitted on all five slices of seeds 1-3, applied to each Dev folder's
//     disjoint 3-seed groups; run records <OUT>/<parent>-<folder>/{standard,context,cut}-*.json
//   SELECTION_POOL_DIR=<Dev runs, DEV_FOLD=1..5> OUT=<folder> npx tsx experiments/pooled-rescoring.ts
//     round 4.7: each slice's seed group decided on Dev by a re-scorer fitted on the other four
//     groups' selection slices (records named s<slice><first seed>)
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { BioredRelation } from "@biore/re-metrics";
import {
  type PooledRescorer,
  type ScoredSet,
  fitPooledRescorer,
  pooledCutRelations,
  pooledFigures,
  rescoredRelations,
  scoredSet,
} from "./context/pooled-slices.js";
import {
  type EvaluationFigures,
  type SavedRun,
  openSavedRuns,
  savedRunNames,
  seedGroups,
  subsets,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { recordFolder, runFolders } from "./selection/run-folders.js";
import { formatInterval } from "./selection/stats.js";

const experiments = dirname(fileURLToPath(import.meta.url));
const foldsDir = resolve(experiments, process.env.FOLDS_DIR ?? ".");
const devDirs = runFolders(process.env.DEV_DIRS);
const out = process.env.OUT ? resolve(experiments, process.env.OUT) : undefined;
const DEV_SEEDS = [1, 2, 3];
const log = (line: string) => process.stderr.write(`[pooled-rescoring] ${line}\n`);
const pts = (x: number) => (100 * x).toFixed(1);

const read = await openSavedRuns(
  devDirs.length > 0 || process.env.SELECTION_POOL_DIR !== undefined,
);
const readAll = (dir: string) => savedRunNames(dir).map((name) => read(dir, name));
const foldRuns = process.env.FOLDS_DIR ? readAll(foldsDir).filter((r) => r.fold !== null) : [];
const seeds = [...new Set(foldRuns.map((r) => r.seed))].sort((a, b) => a - b);
const folds = [...new Set(foldRuns.map((r) => r.fold as number))].sort((a, b) => a - b);
log(`${foldRuns.length} fold runs: folds ${folds.join(",")}, seeds ${seeds.join(",")}`);

/** The five slices of one seed group: fold k's runs of those seeds, averaged. */
const foldSets = (groupSeeds: readonly number[]): ScoredSet[] =>
  folds.map((k) => {
    const members = groupSeeds.map((s) => {
      const run = foldRuns.find((r) => r.fold === k && r.seed === s);
      if (!run) throw new Error(`no fold ${k} run of seed ${s} in ${foldsDir}`);
      return run;
    });
    return scoredSet(members);
  });

type Arm = "standard" | "context" | "cut";
const ARMS: Arm[] = ["standard", "context", "cut"];

/** One Dev unit's three decisions scored, and written as run records when OUT is set. */
function scoreOnDev(
  set: ScoredSet,
  decided: Record<Arm, BioredRelation[]>,
  recordDir: string,
  run: SavedRun = set.run,
): Record<Arm, EvaluationFigures> {
  const figures = Object.fromEntries(
    ARMS.map((arm) => [arm, pooledFigures([set], [decided[arm]])]),
  ) as Record<Arm, EvaluationFigures>;
  if (out)
    for (const arm of ARMS)
      writeRunRecord(join(out, recordFolder(recordDir)), arm, run, figures[arm], decided[arm]);
  return figures;
}

const armCells = (figures: Record<Arm, EvaluationFigures>) =>
  ARMS.map((arm) => `${pts(figures[arm].pair)} / ${pts(figures[arm].pairType)}`).join(" | ");

/** Every slice decided three ways; the re-scorer and the pooled cut never see the slice. */
function leaveOneSliceOut(sets: readonly ScoredSet[]) {
  const decided: Record<Arm, BioredRelation[][]> = {
    standard: sets.map((s) => s.standard),
    context: [],
    cut: [],
  };
  sets.forEach((set, j) => {
    const others = sets.filter((_, i) => i !== j);
    decided.context.push(rescoredRelations(fitPooledRescorer(others), set));
    decided.cut.push(pooledCutRelations(others, set));
  });
  const figures = (keep: (k: number) => boolean) =>
    Object.fromEntries(
      ARMS.map((arm) => [
        arm,
        pooledFigures(
          sets.filter((_, i) => keep(folds[i] as number)),
          decided[arm].filter((_, i) => keep(folds[i] as number)),
        ),
      ]),
    ) as Record<Arm, EvaluationFigures>;
  const perSlice = sets.map((set, i) =>
    Object.fromEntries(ARMS.map((arm) => [arm, pooledFigures([set], [decided[arm][i] ?? []])])),
  ) as Record<Arm, EvaluationFigures>[];
  return { all: figures(() => true), without5: figures((k) => k !== 5), perSlice };
}

const half = (f: EvaluationFigures, g: EvaluationFigures) =>
  (100 * (f.pair - g.pair + f.pairType - g.pairType)) / 2;

function gate(title: string, groups: number[][]) {
  console.log(`\n### ${title}\n`);
  console.log(
    "| seeds | standard pair / +type | context pair / +type | cut pair / +type | Δ context pair / +type / half | Δ half without fold 5 | Δ cut half | Δ context pair per slice (folds 1-5) |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  const deltas = { half: [] as number[], half5: [] as number[], pair: [] as number[] };
  const cutHalf: number[] = [];
  for (const group of groups) {
    const { all, without5, perSlice } = leaveOneSliceOut(foldSets(group));
    const { standard, context, cut } = all;
    const d = half(context, standard);
    deltas.half.push(d);
    deltas.half5.push(half(without5.context, without5.standard));
    deltas.pair.push(100 * (context.pair - standard.pair));
    cutHalf.push(half(cut, standard));
    console.log(
      `| ${group.join(",")} | ${pts(standard.pair)} / ${pts(standard.pairType)} | ${pts(context.pair)} / ${pts(context.pairType)} | ${pts(cut.pair)} / ${pts(cut.pairType)} | ${(100 * (context.pair - standard.pair)).toFixed(2)} / ${(100 * (context.pairType - standard.pairType)).toFixed(2)} / ${d.toFixed(2)} | ${half(without5.context, without5.standard).toFixed(2)} | ${half(cut, standard).toFixed(2)} | ${perSlice.map((s) => (100 * (s.context.pair - s.standard.pair)).toFixed(1)).join(" / ")} |`,
    );
  }
  console.log(
    `\nmean over ${groups.length}: Δ half ${formatInterval(deltas.half)}, without fold 5 ${formatInterval(deltas.half5)}, Δ pair ${formatInterval(deltas.pair)}, positive in ${deltas.half.filter((x) => x > 0).length} of ${groups.length}; pooled cut alone Δ half ${formatInterval(cutHalf)}`,
  );
}

if (process.env.FOLDS_DIR) {
  gate("Train folds, logit averages of three seeds (every 3-seed subset)", subsets(seeds, 3, true));
  gate(
    "Train folds, single runs",
    seeds.map((s) => [s]),
  );
}

// Round 4.7: Dev runs that each selected on another slice (DEV_FOLD=k): a group's Dev scores
// are decided by a re-scorer fitted on the other four groups' selection slices — networks that
// fit 360 documents, as the Dev networks do.
const selectionPoolDir = process.env.SELECTION_POOL_DIR;
if (selectionPoolDir) {
  const dir = resolve(experiments, selectionPoolDir);
  const runs = readAll(dir).filter((r) => r.fold === null);
  const slices = [...new Set(runs.map((r) => r.selectionFold))].sort((a, b) => a - b);
  const sets = slices.map((k) =>
    scoredSet(runs.filter((r) => r.selectionFold === k).sort((a, b) => a.seed - b.seed)),
  );
  console.log(
    "\n### Dev, logit averages of one slice's seeds, re-scorer fitted on the other slices\n",
  );
  console.log("| group | L2 | standard pair / +type | context pair / +type | cut pair / +type |");
  console.log("|---|---|---|---|---|");
  sets.forEach((set, j) => {
    const others = sets.filter((_, i) => i !== j);
    const pooled = fitPooledRescorer(others, "selection");
    const decided: Record<Arm, BioredRelation[]> = {
      standard: set.standard,
      context: rescoredRelations(pooled, set),
      cut: pooledCutRelations(others, set, "selection"),
    };
    // one record per slice group: "seed" <slice><first seed>, so summarize.ts keeps them apart
    const named = { ...set.run, seed: Number(`${set.run.selectionFold}${set.run.seed}`) };
    const figures = scoreOnDev(set, decided, dir, named);
    console.log(
      `| slice ${set.run.selectionFold}: ${set.name} | ${pooled.rescorer.l2} | ${armCells(figures)} |`,
    );
  });
}

if (devDirs.length > 0) {
  const trainSets = foldSets(DEV_SEEDS);
  const pooled: PooledRescorer = fitPooledRescorer(trainSets);
  log(
    `Dev re-scorer: seeds ${DEV_SEEDS.join(",")}, ${pooled.documents} documents, L2 ${pooled.rescorer.l2}, None bias ${pooled.noneBias.toFixed(3)}`,
  );
  console.log("\n### Dev, logit averages of three seeds\n");
  console.log("| group | standard pair / +type | context pair / +type | cut pair / +type |");
  console.log("|---|---|---|---|");
  for (const dir of devDirs) {
    const runs: SavedRun[] = readAll(dir).filter((r) => r.fold === null);
    for (const group of seedGroups(runs, 3)) {
      const set = scoredSet(group);
      const decided: Record<Arm, BioredRelation[]> = {
        standard: set.standard,
        context: rescoredRelations(pooled, set),
        cut: pooledCutRelations(trainSets, set),
      };
      console.log(`| ${set.name} | ${armCells(scoreOnDev(set, decided, dir))} |`);
    }
  }
  if (out) log(`wrote ${out}`);
}
