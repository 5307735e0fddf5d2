// Round 4.9 (issue 19; pre-registered in summaries/types-only-ensemble-round49.md): three-model
// ensembles with the typer fused as the library does (`standard`) against `typesOnly` fusion,
// where the network alone decides whether a pair is related and the fused logits pick its type.
// Both arms decide from the same saved scores; nothing is trained here.
//
//   FOLDS_DIRS=<fold runs>,... npx tsx experiments/types-only-ensemble.ts
//     the gate: each Train slice E decided by seeds a, b, c selecting on slice E − 1, for every
//     3-subset of seeds 1-4, the five slices pooled; then each run alone
//   DEV_DIRS=<Dev runs>,... OUT=<folder> npx tsx experiments/types-only-ensemble.ts
//     Dev: disjoint groups of consecutive seeds on slice 1; run records
//     <OUT>/<parent>-<folder>/<arm>-baseline-s<first seed>.json for summarize.ts
import { basename, join } from "node:path";
import type { BioredRelation } from "@biore/re-metrics";
import { DEFAULT_TYPER_FUSION } from "../src/typer/index.js";
import {
  type EvaluationFigures,
  type SavedRun,
  decideEnsemble,
  documentFigures,
  openSavedRuns,
  subsets,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { analysisFolders, recordFolder, runsIn } from "./selection/run-folders.js";
import { deltaCells, deltaHalf, figureCells } from "./selection/figures-text.js";
import { type LabelledUnit, readGate } from "./selection/fold-gate.js";
import { formatInterval, mean } from "./selection/stats.js";

const { foldDirs, devDirs, out } = analysisFolders(process.env);
const log = (line: string) => process.stderr.write(`[types-only-ensemble] ${line}\n`);
const FOLDS = [1, 2, 3, 4, 5];
/** The slice before `of` (1-based, 1 wraps to 5). */
const before = (of: number) => ((of + FOLDS.length - 2) % FOLDS.length) + 1;

const read = await openSavedRuns(devDirs.length > 0);
const readAll = (dirs: readonly string[]) => runsIn(read, dirs);

type Arm = "standard" | "typesOnly";
const ARMS: Arm[] = ["standard", "typesOnly"];
const TYPES_ONLY = { ...DEFAULT_TYPER_FUSION, typesOnly: true };

/** A unit's (one or more networks on one split) decisions in both arms. */
const decideUnit = (members: readonly SavedRun[]): Record<Arm, BioredRelation[]> => ({
  standard: decideEnsemble(members),
  typesOnly: decideEnsemble(members, TYPES_ONLY),
});

if (foldDirs.length > 0) {
  const runs = readAll(foldDirs).filter((r) => r.fold !== null);
  const find = (evaluation: number, seed: number): SavedRun => {
    const run = runs.find(
      (r) => r.fold === before(evaluation) && r.evaluationFold === evaluation && r.seed === seed,
    );
    if (!run) throw new Error(`no run selecting on ${before(evaluation)}, seed ${seed}`);
    return run;
  };
  /** Both arms of `seeds` over the five slices, slice E decided by the runs selecting on E − 1. */
  const pooledUnit = (seeds: readonly number[]): LabelledUnit => {
    const perSlice = FOLDS.map((e) => decideUnit(seeds.map((s) => find(e, s))));
    return {
      label: seeds.join(","),
      treatment: perSlice.flatMap((d) => d.typesOnly),
      control: perSlice.flatMap((d) => d.standard),
    };
  };
  const documents = FOLDS.flatMap((e) => find(e, 1).split.split.evaluationDocuments);
  console.log(
    `\n### Train folds (${foldDirs.map((d) => basename(d)).join(", ")}): three-model ensembles, the five slices pooled\n`,
  );
  console.log(
    "| seeds | standard pair / +type / all | types-only pair / +type / all | Δ pair / +type / half |",
  );
  console.log("|---|---|---|---|");
  const gate = readGate(documents, subsets([1, 2, 3, 4], 3, true).map(pooledUnit));
  for (const row of gate.rows)
    console.log(
      `| ${row.label} | ${figureCells(row.control)} | ${figureCells(row.treatment)} | ${deltaCells(row.treatment, row.control)} |`,
    );
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
    const unit = pooledUnit([s]);
    return {
      standard: documentFigures(documents, unit.control),
      typesOnly: documentFigures(documents, unit.treatment),
    };
  });
  const singleHalves = single.map((f) => deltaHalf(f.typesOnly, f.standard));
  const singlePairs = single.map((f) => 100 * (f.typesOnly.pair - f.standard.pair));
  console.log(
    `single models (each seed's five slices pooled, ${single.length} seeds): standard ${single.map((f) => figureCells(f.standard)).join("; ")}; Δ half ${formatInterval(singleHalves)}, Δ pair ${formatInterval(singlePairs)}`,
  );
}

if (devDirs.length > 0) {
  console.log("\n### Dev, three-model ensembles (disjoint groups of consecutive seeds, slice 1)\n");
  console.log(
    "| group | standard pair / +type / all | types-only pair / +type / all | Δ pair / +type / half |",
  );
  console.log("|---|---|---|---|");
  for (const dir of devDirs) {
    const runs = readAll([dir]).filter((r) => r.fold === null && r.selectionFold === 1);
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
        for (const arm of ARMS)
          writeRunRecord(join(out, recordFolder(dir)), arm, first, figures[arm], decided[arm]);
      console.log(
        `| ${basename(dir)} ${group.join(",")} | ${figureCells(figures.standard)} | ${figureCells(figures.typesOnly)} | ${deltaCells(figures.typesOnly, figures.standard)} |`,
      );
    }
  }
  if (out) log(`wrote ${out}`);
}
