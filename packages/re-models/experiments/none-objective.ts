// What the None bias is tuned for (issue 19, round 3.3; pre-registered in
// summaries/none-objective-round33.md). From saved runs at their R2 epoch, typer fused as the
// library does: the bias tuned on the selection slice for +type (T, today's tuneNoneBias), for
// the mean of pair and +type (M) or for pair (P), then the evaluation set decided at it.
// Nothing is retrained.
//
//   DIR=<fold runs> npx tsx experiments/none-objective.ts           Train folds: the choice
//   DEV_DIR=<runs>[,<runs>] OUT=<folder> npx tsx experiments/none-objective.ts
//                            Dev: run records for summarize.ts (single models, K = 3 and 5)
import { resolve } from "node:path";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { PairScores } from "../src/index.js";
import { type BiasObjective, NONE_BIAS_OBJECTIVES, tuneBiasFor } from "./decision/none-bias.js";
import {
  type EvaluationFigures,
  type SavedRun,
  averageRuns,
  checkedFusedFigures,
  evaluationFigures,
  noveltyFrom,
  openSavedRuns,
  relationsAt,
  savedRunNames,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { mean, tInterval } from "./selection/stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const devDirs = process.env.DEV_DIR?.split(",").map((d) => resolve(here, d));
const foldDir = resolve(here, process.env.DIR ?? "results-r33-folds");
const out = resolve(here, process.env.OUT ?? "results-r33-none-objective");
const ENSEMBLE_SIZES = [3, 5];
/** SEEDS=4,5,6 reads only those seeds' fold runs; LEVEL=97.5 for the criterion of a second look. */
const seeds = process.env.SEEDS?.split(",").map(Number);
const level = process.env.LEVEL === "97.5" ? 97.5 : 95;
const log = (line: string) => process.stderr.write(`[none-objective] ${line}\n`);

type Scores = { selection: PairScores; evaluation: PairScores };
type ByObjective = Record<BiasObjective, { figures: EvaluationFigures; predictions: unknown[] }>;

/** Every objective's decisions of `scores`'s evaluation set (bias tuned on its selection slice). */
function decideEach(scores: Scores, run: SavedRun): ByObjective {
  const novelty = noveltyFrom(run.recorded);
  const entries = NONE_BIAS_OBJECTIVES.map((objective) => {
    const bias = tuneBiasFor(scores.selection, objective);
    const predictions = relationsAt(scores.evaluation, bias, run.split.split, novelty);
    return [objective, { figures: evaluationFigures(run.split.split, predictions), predictions }];
  });
  return Object.fromEntries(entries) as ByObjective;
}

const pts = (x: number) => (100 * x).toFixed(1);
const row = (name: string, d: ByObjective) =>
  `| ${name} | ${NONE_BIAS_OBJECTIVES.map((o) => `${pts(d[o].figures.pair)} / ${pts(d[o].figures.pairType)} / ${pts(d[o].figures.all)}`).join(" | ")} |`;
const header = `| run | ${NONE_BIAS_OBJECTIVES.map((o) => `${o}: pair / +type / all`).join(" | ")} |`;

/** Mean differences against T over `rows`, with a t-interval (points). */
function differences(rows: readonly ByObjective[], level: 95 | 97.5 = 95): void {
  console.log(`| vs T (${level} % t-interval) | Δ pair | Δ +type | Δ all |`);
  console.log("|---|---|---|---|");
  for (const objective of NONE_BIAS_OBJECTIVES.filter((o) => o !== "T")) {
    const cell = (key: "pair" | "pairType" | "all") => {
      const d = rows.map((r) => 100 * (r[objective].figures[key] - r.T.figures[key]));
      const { lower, upper } = tInterval(d, level);
      return `${mean(d).toFixed(2)} [${lower.toFixed(2)}, ${upper.toFixed(2)}]`;
    };
    console.log(`| ${objective} − T | ${cell("pair")} | ${cell("pairType")} | ${cell("all")} |`);
  }
}

const read = await openSavedRuns(devDirs !== undefined);

/**
 * Every arm reads the same saved scores (rounded to 1e-4), so the comparison stays paired; a run
 * whose rounded scores move T's cut off the recorded one is named, not dropped.
 */
function checkReproduced(run: SavedRun): void {
  try {
    checkedFusedFigures(run);
  } catch (error) {
    log(`not reproduced exactly (rounded scores): ${(error as Error).message}`);
  }
}

if (devDirs === undefined) {
  // Train folds: single runs (the criterion), then each fold's seeds averaged (descriptive)
  const runs = savedRunNames(foldDir)
    .filter((name) => /-f\d+-/.test(name))
    .map((name) => read(foldDir, name))
    .filter((run) => seeds === undefined || seeds.includes(run.seed));
  const singles: ByObjective[] = [];
  const nets: ByObjective[] = [];
  console.log(`\nTrain folds (${foldDir}), R2 epoch, typer fused (w = 0.75)\n`);
  console.log(header);
  console.log(`|---|${NONE_BIAS_OBJECTIVES.map(() => "---").join("|")}|`);
  for (const run of runs) {
    checkReproduced(run);
    const fused = decideEach(run.fused, run);
    singles.push(fused);
    nets.push(decideEach(run.net, run));
    console.log(row(`${run.name} (epoch ${run.epoch})`, fused));
  }
  console.log(`\nSingle runs (${singles.length}), fused: the criterion`);
  differences(singles, level);
  console.log(`\nSingle runs (${nets.length}), network alone (descriptive)`);
  differences(nets);
  // three consecutive seeds of one fold (seeds 1-3, 4-6, ...) make one ensemble
  const groups = new Map<string, SavedRun[]>();
  for (const run of runs) {
    const key = `fold ${run.fold}, seeds ${3 * Math.floor((run.seed - 1) / 3) + 1}–${3 * Math.floor((run.seed - 1) / 3) + 3}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  console.log(
    "\nThree seeds of a fold averaged (logits; bias tuned on the averaged selection slice)\n",
  );
  console.log(header);
  console.log(`|---|${NONE_BIAS_OBJECTIVES.map(() => "---").join("|")}|`);
  const ensembles = [...groups.entries()].map(([key, members]) => {
    const figures = decideEach(averageRuns(members).fused, members[0] as SavedRun);
    console.log(row(`${key} (${members.length} runs)`, figures));
    return figures;
  });
  console.log(`\nFold ensembles (${ensembles.length}), fused (descriptive)`);
  differences(ensembles);
} else {
  // Dev: run records (summarize.ts gives the paired bootstrap over Dev documents)
  const runs = devDirs
    .flatMap((dir) => savedRunNames(dir).map((name) => read(dir, name)))
    .sort((a, b) => a.seed - b.seed);
  const record = (system: string, run: SavedRun, d: ByObjective) => {
    for (const objective of NONE_BIAS_OBJECTIVES)
      writeRunRecord(
        out,
        `${objective}-${system}`,
        run,
        d[objective].figures,
        d[objective].predictions as Parameters<typeof writeRunRecord>[4],
      );
  };
  for (const run of runs) {
    checkReproduced(run);
    record("fused", run, decideEach(run.fused, run));
    record("net", run, decideEach(run.net, run));
  }
  for (const k of ENSEMBLE_SIZES)
    for (let g = 0; g + k <= runs.length; g += k) {
      const members = runs.slice(g, g + k);
      const both = averageRuns(members);
      // an ensemble's record carries its first member's seed
      record(`K${k}-fused`, members[0] as SavedRun, decideEach(both.fused, members[0] as SavedRun));
      record(`K${k}-net`, members[0] as SavedRun, decideEach(both.net, members[0] as SavedRun));
    }
  log(`wrote ${out}: ${runs.length} runs, ensembles of ${ENSEMBLE_SIZES.join(" and ")}`);
}
