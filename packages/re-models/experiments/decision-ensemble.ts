// Three-model ensembles decided by three rules for which pairs are related, all from the same
// saved scores (nothing is trained here):
//   `standard`      the library's fusion (the typer's log-probability also moves the None cut);
//   `typesOnly`     the network alone places the cut, the fused logits pick the type (round 4.9,
//                   summaries/types-only-ensemble-round49.md);
//   `expectedGain`  the cut on each pair's expected gain for (pair + +type) / 2 (round 5.2,
//                   summaries/expected-gain-round52.md);
//   `typerRefit`    the library's fusion, the evaluation set fused with the typer refitted on the
//                   fit and selection documents (round 5.6, summaries/typer-refit-round56.md).
// TREATMENT (typesOnly, the default, expectedGain or typerRefit) is the arm the gate compares with
// `standard`;
// TYPES_ONLY_WEIGHT (default 0.75) is the typesOnly arm's typer weight. With WEIGHT_GRID=w,w,...
// the fold runs give typesOnly's figures at each weight instead of the gate (round 5.3,
// summaries/types-only-weight-round53.md).
//
//   FOLDS_DIRS=<fold runs>,... npx tsx experiments/decision-ensemble.ts
//     the gate: each Train slice E decided by seeds a, b, c selecting on slice E − 1, for every
//     3-subset of seeds 1-4, the five slices pooled; then each run alone
//   DEV_DIRS=<Dev runs>,... OUT=<folder> npx tsx experiments/decision-ensemble.ts
//     Dev: disjoint groups of consecutive seeds, per selection slice; run records
//     <OUT>/<parent>-<folder>[-d<slice>]/<arm>-baseline-s<first seed>.json for summarize.ts
import { basename, join } from "node:path";
import type { BioCDocument } from "@biore/bioc-io";
import type { BioredRelation } from "@biore/re-metrics";
import { DEFAULT_TYPER_FUSION } from "../src/typer/index.js";
import { expectedGainSetScores } from "./selection/expected-gain.js";
import {
  type EvaluationFigures,
  type SavedRun,
  averageRuns,
  decideEnsemble,
  decideScores,
  documentFigures,
  fuseWithTyper,
  openSavedRuns,
  subsets,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { analysisFolders, recordFolder, runsIn } from "./selection/run-folders.js";
import { deltaCells, deltaHalf, figureCells } from "./selection/figures-text.js";
import { readGate } from "./selection/fold-gate.js";
import { evaluationFoldOf } from "./selection/split.js";
import { formatInterval, mean } from "./selection/stats.js";
import { refitTyper } from "./selection/typer-refit.js";

const { foldDirs, devDirs, out } = analysisFolders(process.env);
const log = (line: string) => process.stderr.write(`[decision-ensemble] ${line}\n`);
const FOLDS = [1, 2, 3, 4, 5];

const read = await openSavedRuns(devDirs.length > 0);
const readAll = (dirs: readonly string[]) => runsIn(read, dirs);

type Arm = "standard" | "typesOnly" | "expectedGain" | "typerRefit";
const ARMS: Arm[] = ["standard", "typesOnly", "expectedGain", "typerRefit"];
const TREATMENT = (process.env.TREATMENT ?? "typesOnly") as Arm;
if (TREATMENT === "standard" || !ARMS.includes(TREATMENT))
  throw new Error(`TREATMENT must be typesOnly, expectedGain or typerRefit, got ${TREATMENT}`);
const typesOnlyAt = (weight: number) => ({ ...DEFAULT_TYPER_FUSION, typesOnly: true, weight });
const TYPES_ONLY = typesOnlyAt(
  Number(process.env.TYPES_ONLY_WEIGHT ?? DEFAULT_TYPER_FUSION.weight),
);
const WEIGHT_GRID = (process.env.WEIGHT_GRID ?? "").split(",").filter(Boolean).map(Number);

/**
 * A unit's (one or more networks on one split) decisions in every arm, all from its networks'
 * logits averaged once (and fused once with the library's fusion for `standard`).
 */
const decideUnit = (members: readonly SavedRun[]): Record<Arm, BioredRelation[]> => {
  const first = members[0] as SavedRun;
  const { net, fused } = averageRuns(members);
  return {
    standard: decideScores(first, fused),
    typesOnly: decideScores(first, fuseWithTyper(first.split, net, TYPES_ONLY)),
    expectedGain: decideScores(first, expectedGainSetScores(net, fused)),
    typerRefit: decideScores(
      first,
      fuseWithTyper(first.split, net, DEFAULT_TYPER_FUSION, refitTyper(first.split)),
    ),
  };
};

/** The arm printed beside the treatment for reference. */
const REFERENCE: Arm = TREATMENT === "typesOnly" ? "expectedGain" : "typesOnly";

if (foldDirs.length > 0) {
  const runs = readAll(foldDirs).filter((r) => r.fold !== null);
  const find = (evaluation: number, seed: number): SavedRun => {
    const run = runs.find(
      (r) =>
        r.fold !== null &&
        evaluationFoldOf(r.fold) === evaluation &&
        r.evaluationFold === evaluation &&
        r.seed === seed,
    );
    if (!run) throw new Error(`no run selecting on the slice before ${evaluation}, seed ${seed}`);
    return run;
  };
  const documents = FOLDS.flatMap((e) => find(e, 1).split.split.evaluationDocuments);
  if (WEIGHT_GRID.length > 0) printWeightGrid(find, documents);
  else printGate(find, documents);
}

/** typesOnly's figures at each weight of WEIGHT_GRID, per 3-subset and their mean; nothing else. */
function printWeightGrid(find: (e: number, seed: number) => SavedRun, documents: BioCDocument[]) {
  console.log(
    `\n### Train folds (${foldDirs.map((d) => basename(d)).join(", ")}): typesOnly by typer weight, three-model ensembles, the five slices pooled\n`,
  );
  console.log("| w | pair / +type / all per subset (1,2,3; 1,2,4; 1,3,4; 2,3,4) | mean +type |");
  console.log("|---|---|---|");
  for (const w of WEIGHT_GRID) {
    const figures = subsets([1, 2, 3, 4], 3, true).map((seeds) =>
      documentFigures(
        documents,
        FOLDS.flatMap((e) =>
          decideEnsemble(
            seeds.map((s) => find(e, s)),
            typesOnlyAt(w),
          ),
        ),
      ),
    );
    console.log(
      `| ${w} | ${figures.map(figureCells).join("; ")} | ${(100 * mean(figures.map((f) => f.pairType))).toFixed(2)} |`,
    );
  }
}

/** The pre-registered gate: TREATMENT against `standard` over every 3-subset of seeds 1-4. */
function printGate(find: (e: number, seed: number) => SavedRun, documents: BioCDocument[]) {
  /** Every arm of `seeds` over the five slices, slice E decided by the runs selecting on E − 1. */
  const pooledArms = (seeds: readonly number[]): Record<Arm, BioredRelation[]> => {
    const perSlice = FOLDS.map((e) => decideUnit(seeds.map((s) => find(e, s))));
    return Object.fromEntries(ARMS.map((a) => [a, perSlice.flatMap((d) => d[a])])) as Record<
      Arm,
      BioredRelation[]
    >;
  };
  console.log(
    `\n### Train folds (${foldDirs.map((d) => basename(d)).join(", ")}): three-model ensembles, the five slices pooled; treatment ${TREATMENT}\n`,
  );
  console.log(
    `| seeds | standard pair / +type / all | ${TREATMENT} pair / +type / all | Δ pair / +type / half | ${REFERENCE} (reference) |`,
  );
  console.log("|---|---|---|---|---|");
  const pooled = subsets([1, 2, 3, 4], 3, true).map((seeds) => ({
    seeds,
    arms: pooledArms(seeds),
  }));
  const gate = readGate(
    documents,
    pooled.map(({ seeds, arms }) => ({
      label: seeds.join(","),
      treatment: arms[TREATMENT],
      control: arms.standard,
    })),
  );
  gate.rows.forEach((row, i) => {
    const reference = documentFigures(
      documents,
      (pooled[i] as (typeof pooled)[number]).arms[REFERENCE],
    );
    console.log(
      `| ${row.label} | ${figureCells(row.control)} | ${figureCells(row.treatment)} | ${deltaCells(row.treatment, row.control)} | ${figureCells(reference)} |`,
    );
  });
  const n = gate.halves.length;
  console.log(
    `\nmean over ${n}: Δ half ${formatInterval(gate.halves)}, Δ pair ${formatInterval(gate.pairs)}, positive in ${gate.positive} of ${n}`,
  );
  const boot = gate.bootstrap;
  console.log(
    `document bootstrap (the 200 documents resampled, 1000 times, every subset on the same resample): Δ half ${boot.delta >= 0 ? "+" : ""}${boot.delta.toFixed(2)} [${boot.lower.toFixed(2)}, ${boot.upper.toFixed(2)}]`,
  );
  console.log(
    `gate (mean Δ half ≥ +0.3 and positive in ≥ 3 of ${n}): ${mean(gate.halves) >= 0.3 && gate.positive >= 3 ? "passes" : "fails"}`,
  );
  // single models: each seed's five runs pooled
  const single = [1, 2, 3, 4].map((s) => {
    const arms = pooledArms([s]);
    return {
      standard: documentFigures(documents, arms.standard),
      treatment: documentFigures(documents, arms[TREATMENT]),
    };
  });
  const singleHalves = single.map((f) => deltaHalf(f.treatment, f.standard));
  const singlePairs = single.map((f) => 100 * (f.treatment.pair - f.standard.pair));
  console.log(
    `single models (each seed's five slices pooled, ${single.length} seeds): standard ${single.map((f) => figureCells(f.standard)).join("; ")}; ${TREATMENT} Δ half ${formatInterval(singleHalves)}, Δ pair ${formatInterval(singlePairs)}`,
  );
}

if (devDirs.length > 0) {
  console.log(
    "\n### Dev, three-model ensembles (disjoint groups of consecutive seeds, per selection slice)\n",
  );
  console.log(
    `| group | standard pair / +type / all | ${TREATMENT} pair / +type / all | Δ pair / +type / half | ${REFERENCE} (reference) |`,
  );
  console.log("|---|---|---|---|---|");
  for (const dir of devDirs) {
    const devRuns = readAll([dir]).filter((r) => r.fold === null);
    const slices = [...new Set(devRuns.map((r) => r.selectionFold))].sort((x, y) => x - y);
    for (const slice of slices) {
      const runs = devRuns.filter((r) => r.selectionFold === slice);
      // slice 1 is the usual split; a run record names its unit by the first seed only
      const records = join(out ?? "", `${recordFolder(dir)}${slice === 1 ? "" : `-d${slice}`}`);
      const seeds = [...new Set(runs.map((r) => r.seed))].sort((x, y) => x - y);
      for (const group of subsets(seeds, 3, false)) {
        const members = group.map((s) => runs.find((r) => r.seed === s) as SavedRun);
        const first = members[0] as SavedRun;
        const documents = first.split.split.evaluationDocuments;
        const decided = decideUnit(members);
        const figures = Object.fromEntries(
          ARMS.map((a) => [a, documentFigures(documents, decided[a])]),
        ) as Record<Arm, EvaluationFigures>;
        if (out)
          for (const arm of ARMS) writeRunRecord(records, arm, first, figures[arm], decided[arm]);
        console.log(
          `| ${basename(dir)}${slice === 1 ? "" : ` d${slice}`} ${group.join(",")} | ${figureCells(figures.standard)} | ${figureCells(figures[TREATMENT])} | ${deltaCells(figures[TREATMENT], figures.standard)} | ${figureCells(figures[REFERENCE])} |`,
        );
      }
    }
  }
  if (out) log(`wrote ${out}`);
}
