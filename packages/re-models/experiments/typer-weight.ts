// The typer's fusion weight re-chosen for today's network (issue 19, round 3.9; pre-registered
// in summaries/typer-weight-round39.md). w = 0.75 was chosen in round 2.5 for the network of
// that time. From runs of selection-epochs.ts saved with SCORES=1 (at the R2 epoch, the names
// view unless ALPHA mixes in the masked view, round 3.6), the typer is fused at each w of the
// grid and the None bias re-tuned on the selection slice, as the library decides; the figures
// are read on the evaluation set (fold k + 1 for fold runs, Dev for Dev runs). Nothing is trained.
//
//   DIR=<fold runs> npx tsx experiments/typer-weight.ts                   # Train folds: choose w
//   DIR=<Dev runs> DEV=1 OUT=<folder> npx tsx experiments/typer-weight.ts # Dev: run records
//   WEIGHTS=0.5,0.75,1,1.25,1.5,2 (default); ALPHA=0.75 mixes the masked view first
//   ENSEMBLE=3 decides logit averages of 3 seeds of one split instead of single runs (round 4.1,
//   summaries/ensemble-typer-weight-round41.md): disjoint groups of consecutive seeds, or with
//   SUBSETS=all every 3-seed subset of each split's seeds
import { DEFAULT_TYPER_FUSION } from "../src/typer/index.js";
import {
  type EvaluationFigures,
  type SavedRun,
  type SetScores,
  averageRuns,
  decideAtHeldOutBias,
  fuseWithTyper,
  noteReproduction,
  noveltyFrom,
  savedRunsFromEnv,
  seedGroups,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { formatInterval } from "./selection/stats.js";
import { mixViews } from "./views/masked-view.js";

const weights = (process.env.WEIGHTS ?? "0.5,0.75,1,1.25,1.5,2").split(",").map(Number);
const alpha = Number(process.env.ALPHA ?? 0);
const ensemble = Number(process.env.ENSEMBLE ?? 1);
const allSubsets = process.env.SUBSETS === "all";
const log = (line: string) => process.stderr.write(`[typer-weight] ${line}\n`);

/** What one row decides: a run, or the logit average of a group of runs of one split. */
function decisionUnits(
  runs: readonly SavedRun[],
): { name: string; run: SavedRun; net: SetScores }[] {
  if (ensemble <= 1) return runs.map((run) => ({ name: run.name, run, net: run.net }));
  if (alpha > 0) throw new Error("ALPHA with ENSEMBLE is not supported");
  return seedGroups(runs, ensemble, allSubsets).map((group) => ({
    name: group.map((r) => r.name).join(", "),
    run: group[0] as SavedRun,
    net: averageRuns(group).net,
  }));
}

const { runs, out } = await savedRunsFromEnv(process.env);
const figures = new Map<number, EvaluationFigures[]>();
const pts = (x: number) => (100 * x).toFixed(1);
const unitName = ensemble > 1 ? `logit average of ${ensemble}` : "run";
console.log(`| ${unitName} | epoch | ${weights.map((w) => `w ${w} pair / +type`).join(" | ")} |`);
console.log(`|---|---|${weights.map(() => "---").join("|")}|`);
for (const { name, run, net: average } of decisionUnits(runs)) {
  if (ensemble <= 1) noteReproduction(run, log);
  const masked = run.masked;
  if (alpha > 0 && !masked)
    throw new Error(`${run.name}: ALPHA needs runs saved with MASKED_VIEW=1`);
  const net = alpha > 0 && masked ? mixViews(average, masked, alpha) : average;
  const cells = weights.map((weight) => {
    const fused = fuseWithTyper(run.split, net, { ...DEFAULT_TYPER_FUSION, weight });
    const { predictions, figures: f } = decideAtHeldOutBias(
      fused,
      run.split.split,
      noveltyFrom(run.recorded),
    );
    figures.set(weight, [...(figures.get(weight) ?? []), f]);
    const system = `w${weight}${alpha > 0 ? `-a${alpha}` : ""}${ensemble > 1 ? `-k${ensemble}` : ""}`;
    if (out) writeRunRecord(out, system, run, f, predictions);
    return `${pts(f.pair)} / ${pts(f.pairType)}`;
  });
  console.log(`| ${name} | ${ensemble > 1 ? "R2 each" : run.epoch} | ${cells.join(" | ")} |`);
}

const base = figures.get(DEFAULT_TYPER_FUSION.weight);
console.log(
  `\nMean over ${unitName === "run" ? "runs" : "groups"}, and the paired difference from w ${DEFAULT_TYPER_FUSION.weight} [95 % t]`,
);
console.log("| w | pair | +type | all | Δ pair | Δ +type | Δ (pair + +type) / 2 |");
console.log("|---|---|---|---|---|---|---|");
for (const weight of weights) {
  const fs = figures.get(weight) as EvaluationFigures[];
  const m = (pick: (f: EvaluationFigures) => number) =>
    (fs.reduce((s, f) => s + 100 * pick(f), 0) / fs.length).toFixed(1);
  const d = (pick: (f: EvaluationFigures) => number) =>
    base ? fs.map((f, i) => 100 * (pick(f) - pick(base[i] as EvaluationFigures))) : [];
  const dPair = d((f) => f.pair);
  const dType = d((f) => f.pairType);
  console.log(
    `| ${weight} | ${m((f) => f.pair)} | ${m((f) => f.pairType)} | ${m((f) => f.all)} | ${base ? formatInterval(dPair) : ""} | ${base ? formatInterval(dType) : ""} | ${base ? formatInterval(dPair.map((x, i) => (x + (dType[i] as number)) / 2)) : ""} |`,
  );
}
if (out) log(`wrote ${out}`);
