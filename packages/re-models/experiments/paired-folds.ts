// Two recipes' fold runs (selection-epochs.ts, FOLD=k) compared at the library's epoch rule
// (R2) with the typer fused: per run the evaluation-fold pair / +type / all of A and of B (same
// fold and seed), and the mean difference A − B with a t-interval over runs. Both arms are decided
// from their saved (rounded) scores; a run whose rounding moves its None cut is named on stderr.
//
//   A=results-r29-gate-folds B=results-r27-sel-folds npx tsx experiments/paired-folds.ts
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type EvaluationFigures,
  noteReproduction,
  savedRunNames,
  openSavedRuns,
} from "./selection/saved-runs.js";
import { mean, sd, tInterval } from "./selection/stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const a = process.env.A;
const b = process.env.B;
if (!a || !b) throw new Error("set A and B to two run folders");
const read = await openSavedRuns(false);

const figuresOf = (dir: string, name: string): EvaluationFigures =>
  noteReproduction(read(resolve(here, dir), name), (line) => console.error(`${dir}/${line}`));
const pairs: { name: string; a: EvaluationFigures; b: EvaluationFigures }[] = [];
const inB = new Set(savedRunNames(resolve(here, b)));
for (const name of savedRunNames(resolve(here, a))) {
  if (!/-f\d+-/.test(name)) continue;
  if (!inB.has(name)) throw new Error(`${b} has no run ${name}`);
  pairs.push({
    name,
    a: figuresOf(a, name),
    b: figuresOf(b, name),
  });
}
const pts = (x: number) => (100 * x).toFixed(2);
console.log(`A = ${a}, B = ${b}: ${pairs.length} fold runs, R2 epoch, typer fused\n`);
console.log("| run | A pair (P / R) | B pair (P / R) | A +type | B +type | A all | B all |");
console.log("|---|---|---|---|---|---|---|");
for (const r of pairs)
  console.log(
    `| ${r.name} | ${pts(r.a.pair)} (${pts(r.a.p)} / ${pts(r.a.r)}) | ${pts(r.b.pair)} (${pts(r.b.p)} / ${pts(r.b.r)}) | ${pts(r.a.pairType)} | ${pts(r.b.pairType)} | ${pts(r.a.all)} | ${pts(r.b.all)} |`,
  );
for (const key of ["pair", "pairType", "all"] as const) {
  const d = pairs.map((r) => 100 * (r.a[key] - r.b[key]));
  const { lower, upper } = tInterval(d);
  console.log(
    `${key}: A − B ${mean(d).toFixed(2)} [${lower.toFixed(2)}, ${upper.toFixed(2)}] (SD ${sd(d).toFixed(2)}; A ${mean(pairs.map((r) => 100 * r.a[key])).toFixed(2)}, B ${mean(pairs.map((r) => 100 * r.b[key])).toFixed(2)})`,
  );
}
