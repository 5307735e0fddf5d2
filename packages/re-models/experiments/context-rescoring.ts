// Document-context re-scoring of the pair decision (issue 19, round 2.9; pre-registered in
// summaries/context-rescoring-round29.md). From the per-epoch scores selection-epochs.ts saved
// (SCORES=1), at the epoch the library's rule picks (R2): fuse the typer as the library does,
// fit the re-scorer (context/rescorer.ts) on the selection slice, tune the None bias on its
// out-of-fold slice scores, and compare with the fused system on the evaluation set. No network
// is trained here.
//
//   DIR=results-r27-sel-folds npx tsx experiments/context-rescoring.ts
//     Train folds (selection on fold k, evaluation on fold k+1): the table the choice reads.
//   DIR=results-r28-rep-1024 DEV=1 OUT=results-r29-context npx tsx experiments/context-rescoring.ts
//     Dev runs: records <OUT>/{fused,context}-<objective>-s<seed>.json for summarize.ts.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_TYPER_FUSION } from "../src/typer/index.js";
import { contextFeatures } from "./context/features.js";
import { fitRescorer, rescored, rescorerLogOdds } from "./context/rescorer.js";
import {
  type EvaluationFigures,
  checkedFusedFigures,
  decideAtHeldOutBias,
  noveltyFrom,
  openSavedRuns,
  savedRunNames,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { mean, sd, tInterval } from "./selection/stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const dirName = process.env.DIR ?? "results-r27-sel-folds";
const dir = join(here, dirName);
const dev = process.env.DEV === "1";
const out = resolve(here, process.env.OUT ?? "results-r29-context");
const log = (line: string) => process.stderr.write(`[context] ${line}\n`);

const read = await openSavedRuns(dev);

const rows: { name: string; base: EvaluationFigures; context: EvaluationFigures; l2: number }[] =
  [];
for (const name of savedRunNames(dir)) {
  if (/-f\d+-/.test(name) === dev) continue; // fold runs, or Dev runs
  const run = read(dir, name);
  const { split } = run.split;
  const base = checkedFusedFigures(run);
  const documentOf = Int32Array.from(split.selection.pairs.flatMap((ps, d) => ps.map(() => d)));
  const fit = fitRescorer(
    contextFeatures(split.selection, run.fused.selection, run.net.selection),
    run.net.selection.labelIds,
    documentOf,
  );
  const logOdds = rescorerLogOdds(
    fit,
    contextFeatures(split.evaluation, run.fused.evaluation, run.net.evaluation),
  );
  // the None bias is tuned on the selection slice re-scored out of fold
  const { predictions, figures: context } = decideAtHeldOutBias(
    {
      selection: rescored(run.fused.selection, fit.outOfFold),
      evaluation: rescored(run.fused.evaluation, logOdds),
    },
    split,
    noveltyFrom(run.recorded),
  );
  rows.push({ name, base, context, l2: fit.l2 });
  log(
    `${name} epoch ${run.epoch} l2 ${fit.l2}: pair ${(100 * base.pair).toFixed(1)} → ${(100 * context.pair).toFixed(1)}${dev ? "" : `, +type ${(100 * base.pairType).toFixed(1)} → ${(100 * context.pairType).toFixed(1)}`}`,
  );
  if (dev) {
    writeRunRecord(out, "fused", run, base, run.recorded);
    writeRunRecord(out, "context", run, context, predictions);
  }
}

const pts = (x: number) => (100 * x).toFixed(2);
console.log(
  `\n${dev ? "Dev" : "Train folds"} (${dirName}): ${rows.length} runs, R2 epoch, typer fused w = ${DEFAULT_TYPER_FUSION.weight}\n`,
);
console.log(
  "| run | L2 | fused pair (P / R) | context pair (P / R) | fused +type | context +type | fused all | context all |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.l2} | ${pts(r.base.pair)} (${pts(r.base.p)} / ${pts(r.base.r)}) | ${pts(r.context.pair)} (${pts(r.context.p)} / ${pts(r.context.r)}) | ${pts(r.base.pairType)} | ${pts(r.context.pairType)} | ${pts(r.base.all)} | ${pts(r.context.all)} |`,
  );
for (const objective of [...new Set(rows.map((r) => r.name.split("-")[0]))]) {
  const sub = rows.filter((r) => r.name.startsWith(`${objective}-`));
  for (const key of ["pair", "pairType", "all"] as const) {
    const d = sub.map((r) => 100 * (r.context[key] - r.base[key]));
    const { lower, upper } = tInterval(d);
    console.log(
      `${objective} ${key}: context − fused ${mean(d).toFixed(2)} [${lower.toFixed(2)}, ${upper.toFixed(2)}] (SD ${sd(d).toFixed(2)}, ${d.length} runs)`,
    );
  }
}
