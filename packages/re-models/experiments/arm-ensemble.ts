// A training change (an arm's runs) against its control runs, as three-model ensembles decided
// the library's way from saved scores (round 5.1 onwards; pre-registered in its summary).
//
//   FOLDS_DIRS=<control folds>,<arm folds> npx tsx experiments/arm-ensemble.ts
//     the gate: for every 3-subset of seeds 1-4, each Train slice k + 1 decided by the three runs
//     selecting on slice k, the five slices pooled; arm − control
//   DEV_DIRS=<control Dev>,<arm Dev> OUT=<folder> npx tsx experiments/arm-ensemble.ts
//     Dev: disjoint groups of consecutive seeds, per selection slice; run records
//     <OUT>/<arm folder's records folder>[-d<slice>]/{control,arm}-baseline-s<first seed>.json
// An arm of refitted networks (REFIT=1 runs, round 6.0) is decided by its control twins'
// selection scores (selection/refit.ts).
import { join } from "node:path";
import { type BioredRelation, relationsFromBioC } from "@biore/re-metrics";
import { DEFAULT_TYPER_FUSION } from "../src/typer/index.js";
import { deltaCells, deltaHalf, figureCells } from "./selection/figures-text.js";
import { readGate } from "./selection/fold-gate.js";
import type { GateUnit } from "./selection/gate-bootstrap.js";
import { analysisFolders, recordFolder, runsIn } from "./selection/run-folders.js";
import {
  type EvaluationFigures,
  type SavedRun,
  decideEnsemble,
  documentFigures,
  openSavedRuns,
  seedGroups,
  subsets,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { isTwinOf, refitDecidedBy } from "./selection/refit.js";
import { evaluationFoldOf } from "./selection/split.js";
import { formatInterval, mean } from "./selection/stats.js";

const { foldDirs, devDirs, out } = analysisFolders(process.env);
const FOLDS = [1, 2, 3, 4, 5];
type Arm = "control" | "arm";
const ARMS: Arm[] = ["control", "arm"];

const read = await openSavedRuns(devDirs.length > 0);
const pick = (runs: readonly SavedRun[], test: (r: SavedRun) => boolean, what: string) => {
  const run = runs.find(test);
  if (!run) throw new Error(`no run of ${what}`);
  return run;
};
const armsOf = (dirs: readonly string[], keep: (r: SavedRun) => boolean) => {
  if (dirs.length !== 2) throw new Error("name two folders: the control's, then the arm's");
  const [control, arm] = ARMS.map((_, i) => runsIn(read, [dirs[i] as string]).filter(keep)) as [
    SavedRun[],
    SavedRun[],
  ];
  const decidable = (run: SavedRun) =>
    run.refit
      ? refitDecidedBy(
          pick(control, (c) => isTwinOf(c, run), `the standard twin of ${run.name}`),
          run,
        )
      : run;
  return { control, arm: arm.map(decidable) };
};
const NETWORK_ALONE = { ...DEFAULT_TYPER_FUSION, weight: 0 };
const pairKey = (r: BioredRelation) => `${r.documentId}|${[r.entity1, r.entity2].sort().join("|")}`;
/** Of the gold-related pairs `predicted` calls related, the share given the gold type, in %. */
function typingAccuracy(
  documents: Parameters<typeof relationsFromBioC>[0],
  predicted: readonly BioredRelation[],
): number {
  const gold = new Map(relationsFromBioC(documents).map((r) => [pairKey(r), r.type]));
  const found = predicted.filter((r) => gold.has(pairKey(r)));
  const right = found.filter((r) => gold.get(pairKey(r)) === r.type).length;
  return (100 * right) / Math.max(1, found.length);
}

if (foldDirs.length > 0) {
  // fold runs evaluated on the next slice (round 4.8's folders also hold other slices)
  const runs = armsOf(
    foldDirs,
    (r) => r.fold !== null && r.evaluationFold === evaluationFoldOf(r.fold),
  );
  console.log("\n### Train folds: three-model ensembles, the five slices pooled\n");
  console.log(
    "| seeds | control pair / +type / all | arm pair / +type / all | Δ pair / +type / half |",
  );
  console.log("|---|---|---|---|");
  // every unit decides the same 200 documents: the five evaluation slices
  const documents = FOLDS.flatMap(
    (k) =>
      pick(runs.control, (r) => r.fold === k, `control fold ${k}`).split.split.evaluationDocuments,
  );
  const decide = (arm: Arm, seeds: readonly number[], fusion = DEFAULT_TYPER_FUSION) =>
    FOLDS.flatMap((k) =>
      decideEnsemble(
        seeds.map((s) =>
          pick(runs[arm], (r) => r.fold === k && r.seed === s, `${arm} fold ${k}, seed ${s}`),
        ),
        fusion,
      ),
    );
  const seedSubsets = subsets([1, 2, 3, 4], 3, true);
  const decided = seedSubsets.map((seeds) => ({
    label: seeds.join(","),
    treatment: decide("arm", seeds),
    control: decide("control", seeds),
  }));
  const gate = readGate(documents, decided);
  for (const row of gate.rows)
    console.log(
      `| ${row.label} | ${figureCells(row.control)} | ${figureCells(row.treatment)} | ${deltaCells(row.treatment, row.control)} |`,
    );
  const boot = gate.bootstrap;
  console.log(
    `\nmean over ${gate.halves.length}: Δ half ${formatInterval(gate.halves)}, positive in ${gate.positive} of ${gate.halves.length}; document bootstrap ${boot.delta.toFixed(2)} [${boot.lower.toFixed(2)}, ${boot.upper.toFixed(2)}]`,
  );
  const passes = mean(gate.halves) >= 0.3 && gate.positive >= 3 && boot.lower > -0.3;
  console.log(
    `gate (mean ≥ +0.3, positive in ≥ 3 of 4, bootstrap lower bound > −0.3): ${passes ? "passes" : "fails"}`,
  );
  // secondary: the network alone (w = 0), and typing on the gold pairs each system finds
  const alone = seedSubsets.map((seeds) => ({
    treatment: decide("arm", seeds, NETWORK_ALONE),
    control: decide("control", seeds, NETWORK_ALONE),
  }));
  const netHalves = alone.map((u) =>
    deltaHalf(documentFigures(documents, u.treatment), documentFigures(documents, u.control)),
  );
  const typing = (units: readonly GateUnit[], side: (u: GateUnit) => readonly BioredRelation[]) =>
    mean(units.map((u) => typingAccuracy(documents, side(u)))).toFixed(1);
  console.log(
    `secondary: network alone Δ half ${formatInterval(netHalves)}; typing on the gold pairs found, control → arm: fused ${typing(decided, (u) => u.control)} → ${typing(decided, (u) => u.treatment)} %, network alone ${typing(alone, (u) => u.control)} → ${typing(alone, (u) => u.treatment)} %`,
  );
}

if (devDirs.length > 0) {
  const runs = armsOf(devDirs, (r) => r.fold === null);
  console.log(
    "\n### Dev, three-model ensembles (disjoint groups of consecutive seeds, per selection slice)\n",
  );
  console.log(
    "| group | control pair / +type / all | arm pair / +type / all | Δ pair / +type / half |",
  );
  console.log("|---|---|---|---|");
  // per selection slice (slice 1 is the usual split; Dev units should spread over the slices,
  // round 5.7): the arm's runs in disjoint groups of consecutive seeds, each against the same seeds
  for (const armMembers of seedGroups(runs.arm, 3)) {
    const first = armMembers[0] as SavedRun;
    const slice = first.selectionFold;
    const members: Record<Arm, SavedRun[]> = {
      arm: armMembers,
      control: armMembers.map((m) =>
        pick(
          runs.control,
          (r) => r.selectionFold === slice && r.seed === m.seed,
          `control Dev slice ${slice}, seed ${m.seed}`,
        ),
      ),
    };
    const records = `${recordFolder(devDirs[1] as string)}${slice === 1 ? "" : `-d${slice}`}`;
    const documents = first.split.split.evaluationDocuments;
    const [control, arm] = ARMS.map((arm) => {
      const decided = decideEnsemble(members[arm]);
      const f = documentFigures(documents, decided);
      if (out) writeRunRecord(join(out, records), arm, first, f, decided);
      return f;
    }) as [EvaluationFigures, EvaluationFigures];
    console.log(
      `| ${slice === 1 ? "" : `d${slice} `}${armMembers.map((r) => r.seed).join(",")} | ${figureCells(control)} | ${figureCells(arm)} | ${deltaCells(arm, control)} |`,
    );
  }
}
