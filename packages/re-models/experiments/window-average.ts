// Averaging the selection window's epochs (issue 19, round 4.0; pre-registered in
// summaries/window-average-round40.md). The library keeps the middle epoch e of the best centred
// 3-epoch window of held-out F1 (R2); here the network's logits of epochs e − h … e + h
// (clipped to the saved epochs) are averaged — a snapshot ensemble of one training run — then
// the typer is fused and the None bias tuned on the averaged selection slice, as the library
// decides an ensemble. From runs of selection-epochs.ts saved with SCORES=1. Nothing is trained.
//
//   DIR=<fold runs> npx tsx experiments/window-average.ts                 # Train folds: the gate
//   DIR=<Dev runs> DEV=1 OUT=<folder> npx tsx experiments/window-average.ts   # Dev: run records
//   WINDOWS=1,3,5 (default; 1 = epoch e alone; runs saved with WINDOW_WEIGHTS=1 add "weights 3",
//   the window's weights averaged, round 4.2); ENSEMBLE=3 also decides logit averages of 3
//   consecutive seeds, each member one epoch or its window
import {
  type SavedRun,
  type SetScores,
  averageSetScores,
  decideFusedAndNet,
  noteReproduction,
  savedRunsFromEnv,
  seedGroups,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { formatInterval, mean } from "./selection/stats.js";

const windows = (process.env.WINDOWS ?? "1,3,5").split(",").map(Number);
const ensemble = Number(process.env.ENSEMBLE ?? 0);
const log = (line: string) => process.stderr.write(`[window-average] ${line}\n`);

/** The epochs of the `width`-epoch window centred on the run's selected epoch, clipped. */
function windowEpochs(run: SavedRun, width: number): number[] {
  const half = Math.floor(width / 2);
  const epochs: number[] = [];
  for (let e = run.epoch - half; e <= run.epoch + half; e++)
    if (e >= 1 && e <= run.epochs) epochs.push(e);
  return epochs;
}

/** The logit average of the network's scores over the run's `width`-epoch window. */
function windowScores(run: SavedRun, width: number): SetScores {
  return averageSetScores(windowEpochs(run, width).map((e) => run.netAt(e)));
}

const { dir, out, runs } = await savedRunsFromEnv(process.env);
if (runs.length === 0) throw new Error(`no saved runs in ${dir}`);

const pts = (x: number) => (100 * x).toFixed(1);
// the arms: logit windows of each width ("3"), and the weight window ("weights 3") when every
// run saved it (WINDOW_WEIGHTS=1, round 4.2)
const withWeights = runs.every((run) => run.windowWeights !== undefined);
const arms = [...windows.map(String), ...(withWeights ? ["weights 3"] : [])];
const recordName = (arm: string) => (arm === "weights 3" ? "ww3" : `w${arm}`);
/** The network scores of `arm` for one run. */
function armScores(run: SavedRun, arm: string): SetScores {
  return arm === "weights 3" ? (run.windowWeights as SetScores) : windowScores(run, Number(arm));
}

// rows[system][arm] = per-run [pair, +type, all]
const rows: Record<string, Record<string, number[][]>> = { fused: {}, net: {} };
console.log(`| run | epoch | ${arms.map((a) => `window ${a} fused pair / +type`).join(" | ")} |`);
console.log(`|---|---|${arms.map(() => "---").join("|")}|`);
for (const run of runs) {
  noteReproduction(run, log);
  const cells: string[] = [];
  for (const arm of arms) {
    const at = decideFusedAndNet(run, armScores(run, arm));
    for (const system of ["fused", "net"] as const) {
      const f = at[system].figures;
      const perArm = rows[system] as Record<string, number[][]>;
      perArm[arm] = [...(perArm[arm] ?? []), [f.pair, f.pairType, f.all]];
      if (out) writeRunRecord(out, `${recordName(arm)}-${system}`, run, f, at[system].predictions);
    }
    cells.push(`${pts(at.fused.figures.pair)} / ${pts(at.fused.figures.pairType)}`);
  }
  console.log(`| ${run.name} | ${run.epoch} | ${cells.join(" | ")} |`);
}

const reference = arms[0] as string;
console.log(
  `\nMean over runs, and the paired difference from window ${reference} over runs [95 % t]`,
);
console.log(
  "| system | window | pair | +type | all | Δ pair | Δ +type | Δ all | Δ (pair + +type) / 2 |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const system of ["fused", "net"] as const) {
  const perArm = rows[system] as Record<string, number[][]>;
  const base = perArm[reference] as number[][];
  for (const arm of arms) {
    const xs = perArm[arm] as number[][];
    const m = [0, 1, 2].map((j) => mean(xs.map((x) => 100 * (x[j] as number))));
    const delta = (value: (x: number[]) => number) =>
      formatInterval(xs.map((x, i) => 100 * (value(x) - value(base[i] as number[]))));
    const deltas = [0, 1, 2].map((j) => delta((x) => x[j] as number));
    const both = delta((x) => ((x[0] as number) + (x[1] as number)) / 2);
    console.log(
      `| ${system} | ${arm} | ${m.map((x) => x.toFixed(1)).join(" | ")} | ${deltas.join(" | ")} | ${both} |`,
    );
  }
}

// logit averages of `ensemble` consecutive seeds of one split, each member its window's average
if (ensemble > 1) {
  console.log(
    `\nLogit averages of ${ensemble} seeds, fused pair / +type / all (network pair / +type)`,
  );
  console.log(`| members | ${arms.map((a) => `window ${a}`).join(" | ")} |`);
  console.log(`|---|${arms.map(() => "---").join("|")}|`);
  const groups = seedGroups(runs, ensemble);
  const sums = arms.map(() => [0, 0, 0]);
  for (const group of groups) {
    const cells = arms.map((arm, i) => {
      const averaged = averageSetScores(group.map((run) => armScores(run, arm)));
      const at = decideFusedAndNet(group[0] as SavedRun, averaged);
      const f = at.fused.figures;
      const sum = sums[i] as number[];
      sum[0] = (sum[0] as number) + f.pair;
      sum[1] = (sum[1] as number) + f.pairType;
      sum[2] = (sum[2] as number) + f.all;
      return `${pts(f.pair)} / ${pts(f.pairType)} / ${pts(f.all)} (${pts(at.net.figures.pair)} / ${pts(at.net.figures.pairType)})`;
    });
    console.log(`| ${group.map((r) => r.name).join(", ")} | ${cells.join(" | ")} |`);
  }
  if (groups.length > 0)
    console.log(
      `| mean of ${groups.length} | ${sums.map((s) => s.map((x) => pts(x / groups.length)).join(" / ")).join(" | ")} |`,
    );
}
if (out) log(`wrote ${out}`);
