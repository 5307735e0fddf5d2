// A None threshold placed on five slices (issue 19, round 3.4; pre-registered in
// summaries/pooled-threshold-round34.md). From the DEV_FOLD runs of selection-epochs.ts at their
// R2 epoch: each model's Dev decisions at the bias tuned on its own 40-document slice (T1, today)
// and at the bias tuned on the pooled slices of the five models of its seed (Q: each slice scored
// by the network that held it out). Writes run records for summarize.ts (seed = 10 × seed + fold)
// and prints the spread over slices and each seed's five models averaged at Q. Nothing is trained.
//
//   DEV_DIR=<runs> OUT=<folder> npx tsx experiments/pooled-threshold.ts
//   OWN_RULE=T2 names the own-slice rule's records (round 3.5's 80-document slices: T2)
import { resolve } from "node:path";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { type PairScores, tuneNoneBias } from "../src/index.js";
import { averageScores } from "../src/experiment/index.js";
import {
  type EvaluationFigures,
  type SavedRun,
  evaluationFigures,
  noveltyFrom,
  openSavedRuns,
  relationsAt,
  savedRunNames,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { mean, sd } from "./selection/stats.js";
import { HELD_OUT_FOLDS } from "./held-out-folds.js";
import { concatScores } from "./typer/calibration.js";

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(here, process.env.DEV_DIR ?? "results-r34-dev");
const out = resolve(here, process.env.OUT ?? "results-r34-records");
const ownRule = process.env.OWN_RULE ?? "T1";
const log = (line: string) => process.stderr.write(`[pooled-threshold] ${line}\n`);

/** Dev decisions of `evaluation` at `bias`, with the run's recorded novelty calls. */
function devAt(run: SavedRun, evaluation: PairScores, bias: number) {
  const predictions = relationsAt(evaluation, bias, run.split.split, noveltyFrom(run.recorded));
  return { predictions, figures: evaluationFigures(run.split.split, predictions) };
}

const read = await openSavedRuns(true);
const runs = savedRunNames(dir).map((name) => read(dir, name));
const bySeed = new Map<number, SavedRun[]>();
for (const run of runs) bySeed.set(run.seed, [...(bySeed.get(run.seed) ?? []), run]);

const pts = (x: number) => (100 * x).toFixed(1);
const spread: Record<string, number[]> = {};
const note = (key: string, x: number) => {
  spread[key] = [...(spread[key] ?? []), x];
};
console.log(
  "| seed | system | rule | pair by selection fold 1–5 | mean | SD over folds | +type by fold | mean | SD |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const [seed, members] of [...bySeed.entries()].sort((a, b) => a[0] - b[0])) {
  members.sort((a, b) => a.selectionFold - b.selectionFold);
  const everyFold = Array.from({ length: HELD_OUT_FOLDS }, (_, i) => i + 1).join();
  if (members.map((m) => m.selectionFold).join() !== everyFold) {
    log(
      `seed ${seed}: selection folds ${members.map((m) => m.selectionFold).join()}, not 1–${HELD_OUT_FOLDS}: skipped`,
    );
    continue;
  }
  for (const system of ["fused", "net"] as const) {
    const q = tuneNoneBias(concatScores(members.map((m) => m[system].selection))).noneBias;
    const rows: Record<string, EvaluationFigures[]> = { [ownRule]: [], Q: [] };
    for (const member of members) {
      const scores = member[system];
      const own = tuneNoneBias(scores.selection).noneBias;
      for (const [rule, bias] of [
        [ownRule, own],
        ["Q", q],
      ] as const) {
        const { predictions, figures } = devAt(member, scores.evaluation, bias);
        rows[rule]?.push(figures);
        writeRunRecord(
          out,
          `${rule}-${system}`,
          { ...member, seed: 10 * seed + member.selectionFold },
          figures,
          predictions,
        );
      }
      log(`${member.name} ${system}: own bias ${own.toFixed(2)}, pooled ${q.toFixed(2)}`);
    }
    for (const rule of [ownRule, "Q"]) {
      const pair = (rows[rule] as EvaluationFigures[]).map((f) => 100 * f.pair);
      const type = (rows[rule] as EvaluationFigures[]).map((f) => 100 * f.pairType);
      note(`${system} ${rule} pair SD`, sd(pair));
      note(`${system} ${rule} +type SD`, sd(type));
      console.log(
        `| ${seed} | ${system} | ${rule} | ${pair.map((x) => x.toFixed(1)).join(" / ")} | ${mean(pair).toFixed(1)} | ${sd(pair).toFixed(2)} | ${type.map((x) => x.toFixed(1)).join(" / ")} | ${mean(type).toFixed(1)} | ${sd(type).toFixed(2)} |`,
      );
    }
    // the five models averaged (a cross-fitted ensemble), decided at the pooled bias Q
    const sameCandidates = members.every(
      (m) =>
        m[system].evaluation.numPairs === (members[0] as SavedRun)[system].evaluation.numPairs &&
        m.split.split.fit.labelSpace.labels.join() ===
          (members[0] as SavedRun).split.split.fit.labelSpace.labels.join(),
    );
    if (!sameCandidates) {
      log(`seed ${seed} ${system}: the members score different Dev pairs or labels; no average`);
      continue;
    }
    const { figures } = devAt(
      members[0] as SavedRun,
      averageScores(members.map((m) => m[system].evaluation)),
      q,
    );
    console.log(
      `| ${seed} | ${system} | five models averaged at Q | ${pts(figures.pair)} | | | ${pts(figures.pairType)} | | |`,
    );
  }
}
console.log("\nMean SD over slices (per seed, then averaged over seeds)");
for (const [key, xs] of Object.entries(spread)) console.log(`- ${key}: ${mean(xs).toFixed(2)}`);
log(`wrote ${out}`);
