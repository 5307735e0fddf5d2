// A None threshold bagged over resamples of its slice (issue 19, round 3.7; pre-registered in
// summaries/bagged-threshold-round37.md). From saved runs of selection-epochs.ts at their R2
// epoch (names view, typer fused as the library does): each model's evaluation decisions at the
// bias tuned on its own selection slice (T, today) and at the median (G) or mean (Gmean) of the
// biases tuned on B bootstrap resamples of the slice's documents. Nothing is trained.
//
//   DIR=<fold runs> npx tsx experiments/bagged-threshold.ts                 # Train folds: the gate
//   DIR=<Dev runs> DEV=1 OUT=<folder> npx tsx experiments/bagged-threshold.ts   # Dev: run records
//   B=200 resamples (default), SEED=7 (default) for the resampling
import { type PairScores, tuneNoneBias } from "../src/index.js";
import { createRng } from "../src/random.js";
import {
  type EvaluationFigures,
  evaluationFigures,
  noteReproduction,
  noveltyFrom,
  relationsAt,
  savedRunsFromEnv,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { formatInterval, mean, sd } from "./selection/stats.js";
import { concatScores } from "./typer/calibration.js";

const resamples = Number(process.env.B ?? 200);
const resampleSeed = Number(process.env.SEED ?? 7);
const log = (line: string) => process.stderr.write(`[bagged-threshold] ${line}\n`);

/** The scores of each document of the slice, in order (`counts`: candidate pairs per document). */
function perDocument(scores: PairScores, counts: readonly number[]): PairScores[] {
  const l = scores.numLabels;
  let at = 0;
  return counts.map((n) => {
    const part: PairScores = {
      ...scores,
      numPairs: n,
      relationLogits: scores.relationLogits.subarray(at * l, (at + n) * l),
      noveltyLogits: scores.noveltyLogits.subarray(at, at + n),
      labelIds: scores.labelIds.subarray(at, at + n),
      novelIds: scores.novelIds.subarray(at, at + n),
    };
    at += n;
    return part;
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** The biases tuned on `resamples` bootstrap resamples of the slice's documents. */
function resampledBiases(selection: PairScores, counts: readonly number[], seed: number): number[] {
  const docs = perDocument(selection, counts);
  const rng = createRng(seed);
  return Array.from({ length: resamples }, () => {
    const drawn = Array.from(docs, () => docs[Math.floor(rng() * docs.length)] as PairScores);
    return tuneNoneBias(concatScores(drawn)).noneBias;
  });
}

const { runs, out } = await savedRunsFromEnv(process.env);
const rules = ["T", "G", "Gmean"] as const;
const figures: Record<string, EvaluationFigures[]> = {};
const pts = (x: number) => (100 * x).toFixed(1);
console.log("| run | system | bias T / G / Gmean | pair T / G / Gmean | +type T / G / Gmean |");
console.log("|---|---|---|---|---|");
for (const run of runs) {
  noteReproduction(run, log);
  const counts = run.split.split.selection.documents.map((d) => d.pairHead.length);
  const novelty = noveltyFrom(run.recorded);
  for (const system of ["fused", "net"] as const) {
    const scores = run[system];
    const biases = resampledBiases(scores.selection, counts, resampleSeed);
    const bias = {
      T: tuneNoneBias(scores.selection).noneBias,
      G: median(biases),
      Gmean: mean(biases),
    };
    const row = rules.map((rule) => {
      const predictions = relationsAt(scores.evaluation, bias[rule], run.split.split, novelty);
      const f = evaluationFigures(run.split.split, predictions);
      const key = `${rule}-${system}`;
      figures[key] = [...(figures[key] ?? []), f];
      if (out) writeRunRecord(out, key, run, f, predictions);
      return f;
    });
    console.log(
      `| ${run.name} | ${system} | ${rules.map((r) => bias[r].toFixed(2)).join(" / ")} | ${row.map((f) => pts(f.pair)).join(" / ")} | ${row.map((f) => pts(f.pairType)).join(" / ")} |`,
    );
  }
}

console.log("\nMean over runs, SD of pair over runs, and the paired difference from T [95 % t]");
console.log("| system | rule | pair | +type | SD pair | Δ pair | Δ +type | Δ (pair + +type) / 2 |");
console.log("|---|---|---|---|---|---|---|---|");
for (const system of ["fused", "net"] as const) {
  const base = figures[`T-${system}`] as EvaluationFigures[];
  for (const rule of rules) {
    const fs = figures[`${rule}-${system}`] as EvaluationFigures[];
    const pair = fs.map((f) => 100 * f.pair);
    const type = fs.map((f) => 100 * f.pairType);
    const dPair = fs.map((f, i) => 100 * (f.pair - (base[i] as EvaluationFigures).pair));
    const dType = fs.map((f, i) => 100 * (f.pairType - (base[i] as EvaluationFigures).pairType));
    console.log(
      `| ${system} | ${rule} | ${mean(pair).toFixed(1)} | ${mean(type).toFixed(1)} | ${sd(pair).toFixed(2)} | ${formatInterval(dPair)} | ${formatInterval(dType)} | ${formatInterval(dPair.map((d, i) => (d + (dType[i] as number)) / 2))} |`,
    );
  }
}
if (out) log(`wrote ${out}`);
