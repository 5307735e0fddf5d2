// The typer's weight for distilled networks (issue 19, round 3.0; summaries/distillation-round30.md):
// the students' saved fold runs fused at each weight of a grid, w* = the highest mean +type on the
// evaluation folds (ties to the weight nearer 0.75); then, once, the students' Dev runs at w*
// written as run records (system `w<w*>`) for summarize.ts. Nothing is trained.
//
//   FOLDS=results-r30-distill-folds CONTROL_FOLDS=results-r27-sel-folds \
//   DEV=results-r30-distill-dev,results-r30-rep-k5 OUT=results-r30-typer-weight \
//   npx tsx experiments/student-typer-weight.ts
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_TYPER_FUSION } from "../src/typer/index.js";
import {
  type SavedRun,
  decideAtHeldOutBias,
  fuseWithTyper,
  noveltyFrom,
  openSavedRuns,
  savedRunNames,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { mean } from "./selection/stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const env = (key: string, fallback: string) => process.env[key] ?? fallback;
const grid = env("GRID", "0,0.25,0.5,0.75,1").split(",").map(Number);
const foldDir = env("FOLDS", "results-r30-distill-folds");
const controlDir = env("CONTROL_FOLDS", "results-r27-sel-folds");
const devDirs = env("DEV", "results-r30-distill-dev,results-r30-rep-k5").split(",");
const out = resolve(here, env("OUT", "results-r30-typer-weight"));

const read = await openSavedRuns(true);
const runsOf = (dir: string, folds: boolean) =>
  savedRunNames(join(here, dir))
    .filter((name) => /-f\d+-/.test(name) === folds)
    .map((name) => read(join(here, dir), name));

/** The run's figures and predictions with the typer fused at weight `w` (None bias tuned on its selection slice). */
function atWeight(run: SavedRun, w: number) {
  const fused = fuseWithTyper(run.split, run.net, { ...DEFAULT_TYPER_FUSION, weight: w });
  return decideAtHeldOutBias(fused, run.split.split, noveltyFrom(run.recorded));
}

const pts = (x: number) => (100 * x).toFixed(2);
const students = runsOf(foldDir, true);
const controls = runsOf(controlDir, true).filter((c) =>
  students.some((s) => s.fold === c.fold && s.seed === c.seed && s.objective === c.objective),
);
console.log(
  `Train folds: ${students.length} student runs (${foldDir}), ${controls.length} control runs (${controlDir}); R2 epoch\n`,
);
console.log("| w | students pair | students +type | controls pair | controls +type |");
console.log("|---|---|---|---|---|");
const foldMeans = grid.map((w) => {
  const s = students.map((r) => atWeight(r, w).figures);
  const c = controls.map((r) => atWeight(r, w).figures);
  const row = { w, pairType: mean(s.map((f) => f.pairType)) };
  console.log(
    `| ${w} | ${pts(mean(s.map((f) => f.pair)))} | ${pts(row.pairType)} | ${pts(mean(c.map((f) => f.pair)))} | ${pts(mean(c.map((f) => f.pairType)))} |`,
  );
  return row;
});
const best = Math.max(...foldMeans.map((m) => m.pairType));
const chosen = foldMeans
  .filter((m) => m.pairType === best)
  .sort((a, b) => Math.abs(a.w - 0.75) - Math.abs(b.w - 0.75))[0]?.w as number;
console.log(`\nw* = ${chosen} (highest mean +type of the students on the evaluation folds)`);

// Dev, once, at the chosen weight
let written = 0;
for (const dir of devDirs)
  for (const run of runsOf(dir, false)) {
    const { figures, predictions } = atWeight(run, chosen);
    writeRunRecord(out, `w${chosen}`, run, figures, predictions);
    written++;
  }
console.log(`wrote ${written} Dev run records at w = ${chosen} to ${out}`);
