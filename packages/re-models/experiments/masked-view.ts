// Reading each pair a second time with every entity name masked (issue 19, round 3.6;
// pre-registered in summaries/masked-view-round36.md). Training masks a concept's names with
// probability 0.7, so the network is mostly trained on the masked view, yet inference reads
// names only. Here the network's logits of the two views are mixed, (1 − α) names + α masked,
// before the typer is fused and the None bias is tuned on the selection slice, as the library
// decides. From runs of selection-epochs.ts saved with SCORES=1 MASKED_VIEW=1, at the epoch the
// library's rule picks (the names view's, for every α). Nothing is trained.
//
//   DIR=<fold runs> npx tsx experiments/masked-view.ts              # Train folds: choose α
//   DIR=<Dev runs> DEV=1 OUT=<folder> npx tsx experiments/masked-view.ts   # Dev: run records
//   ALPHAS=0,0.25,0.5,0.75,1 (default); ENSEMBLE=3 also decides logit averages of 3 consecutive
//   seeds (both views averaged, then mixed)
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
import { mixViews } from "./views/masked-view.js";
import type { PairScores } from "../src/index.js";
import { isMaskedLogit } from "../src/model/type-mask.js";

const alphas = (process.env.ALPHAS ?? "0,0.25,0.5,0.75,1").split(",").map(Number);
const ensemble = Number(process.env.ENSEMBLE ?? 0);
const log = (line: string) => process.stderr.write(`[masked-view] ${line}\n`);

/** The fused and network decisions at α, each None bias tuned on the selection slice. */
function figuresAt(run: SavedRun, names: SetScores, masked: SetScores, alpha: number) {
  return decideFusedAndNet(run, mixViews(names, masked, alpha));
}

const saved = await savedRunsFromEnv(process.env);
const { dir, out } = saved;
const runs = saved.runs.filter((run) => {
  if (!run.masked) log(`${run.name}: no masked-view scores, skipped`);
  return run.masked !== undefined;
});
if (runs.length === 0) throw new Error(`no runs with masked-view scores in ${dir}`);

/** Mean over pairs of the SD of the allowed type logits (None and masked types left out). */
function typeLogitSpread(scores: PairScores): number {
  const l = scores.numLabels;
  let total = 0;
  for (let p = 0; p < scores.numPairs; p++) {
    const allowed = Array.from(scores.relationLogits.subarray(p * l + 1, (p + 1) * l)).filter(
      (x) => !isMaskedLogit(x),
    );
    const m = allowed.reduce((a, b) => a + b, 0) / Math.max(1, allowed.length);
    total += Math.sqrt(allowed.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, allowed.length));
  }
  return total / Math.max(1, scores.numPairs);
}

const pts = (x: number) => (100 * x).toFixed(1);
// rows[system][α] = per-run [pair, +type, all]
const rows: Record<string, Record<number, number[][]>> = { fused: {}, net: {} };
console.log(`| run | epoch | ${alphas.map((a) => `α ${a} fused pair / +type`).join(" | ")} |`);
console.log(`|---|---|${alphas.map(() => "---").join("|")}|`);
for (const run of runs) {
  noteReproduction(run, log);
  const cells: string[] = [];
  for (const alpha of alphas) {
    const at = figuresAt(run, run.net, run.masked as SetScores, alpha);
    for (const system of ["fused", "net"] as const) {
      const f = at[system].figures;
      const perAlpha = rows[system] as Record<number, number[][]>;
      perAlpha[alpha] = [...(perAlpha[alpha] ?? []), [f.pair, f.pairType, f.all]];
      if (out) writeRunRecord(out, `mv${alpha}-${system}`, run, f, at[system].predictions);
    }
    cells.push(`${pts(at.fused.figures.pair)} / ${pts(at.fused.figures.pairType)}`);
  }
  console.log(`| ${run.name} | ${run.epoch} | ${cells.join(" | ")} |`);
}

const spread = (view: (run: SavedRun) => PairScores) =>
  (runs.reduce((sum, run) => sum + typeLogitSpread(view(run)), 0) / runs.length).toFixed(2);
console.log(
  `\nSpread of the type logits on the evaluation set (mean per-pair SD over allowed types): names ${spread((r) => r.net.evaluation)}, masked ${spread((r) => (r.masked as SetScores).evaluation)}`,
);
console.log("\nMean over runs, and the paired difference from α = 0 over runs [95 % t]");
console.log("| system | α | pair | +type | all | Δ pair | Δ +type | Δ all |");
console.log("|---|---|---|---|---|---|---|---|");
for (const system of ["fused", "net"] as const) {
  const base = (rows[system] as Record<number, number[][]>)[0];
  for (const alpha of alphas) {
    const xs = (rows[system] as Record<number, number[][]>)[alpha] as number[][];
    const m = [0, 1, 2].map((j) => mean(xs.map((x) => 100 * (x[j] as number))));
    const deltas = [0, 1, 2].map((j) =>
      base
        ? formatInterval(xs.map((x, i) => 100 * ((x[j] as number) - (base[i]?.[j] as number))))
        : "",
    );
    console.log(
      `| ${system} | ${alpha} | ${m.map((x) => x.toFixed(1)).join(" | ")} | ${deltas.join(" | ")} |`,
    );
  }
}

// logit averages of `ensemble` consecutive seeds of one split, both views averaged, then mixed
if (ensemble > 1) {
  console.log(`\nLogit averages of ${ensemble} seeds, fused pair / +type / all`);
  console.log(`| members | ${alphas.map((a) => `α ${a}`).join(" | ")} |`);
  console.log(`|---|${alphas.map(() => "---").join("|")}|`);
  for (const group of seedGroups(runs, ensemble)) {
    const names = averageSetScores(group.map((r) => r.net));
    const masked = averageSetScores(group.map((r) => r.masked as SetScores));
    const cells = alphas.map((alpha) => {
      const f = figuresAt(group[0] as SavedRun, names, masked, alpha).fused.figures;
      return `${pts(f.pair)} / ${pts(f.pairType)} / ${pts(f.all)}`;
    });
    console.log(`| ${group.map((r) => r.name).join(", ")} | ${cells.join(" | ")} |`);
  }
}
if (out) log(`wrote ${out}`);
