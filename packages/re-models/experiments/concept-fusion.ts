// Concept-participation fusion into the pair decision (issue 19, round 2.9; pre-registered in
// summaries/concept-fusion-round29.md). From round 2.7's / 2.8's saved runs at their R2 epoch:
// the linear participation model (concepts/participation.ts), fitted on each split's fit
// documents, lowers every pair's None logit by v × (log p(head takes part) + log p(tail takes
// part)); the typer is fused as the library does; the None bias is re-tuned on the selection
// slice. Nothing is trained but linear models.
//
//   npx tsx experiments/concept-fusion.ts                       Train folds: every v of the grid
//   DIR=results-r28-rep-1024 DEV=1 V=<chosen> OUT=results-r29-concepts npx tsx experiments/concept-fusion.ts
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ConceptExamples,
  type ParticipationModel,
  conceptExamples,
  fitParticipation,
  pairParticipation,
} from "./concepts/participation.js";
import {
  type EvaluationFigures,
  type SplitWithTyper,
  checkedFusedFigures,
  decideAtHeldOutBias,
  noveltyFrom,
  openSavedRuns,
  savedRunNames,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { mean, tInterval } from "./selection/stats.js";
import { fuseDetector } from "./typer/detector.js";

/** The pre-registered grid of participation weights. */
const WEIGHTS = [0, 0.25, 0.5, 0.75, 1, 1.5];

const here = dirname(fileURLToPath(import.meta.url));
const dirName = process.env.DIR ?? "results-r27-sel-folds";
const dir = join(here, dirName);
const dev = process.env.DEV === "1";
const out = resolve(here, process.env.OUT ?? "results-r29-concepts");
const weights = dev ? [0, Number(process.env.V)] : WEIGHTS;
if (weights.some((v) => !Number.isFinite(v))) throw new Error("DEV=1 needs V=<chosen weight>");
const log = (line: string) => process.stderr.write(`[concepts] ${line}\n`);

const read = await openSavedRuns(dev);

/** The participation model and its pair terms, once per split. */
const perSplit = new Map<
  SplitWithTyper,
  { model: ParticipationModel; selection: Float64Array; evaluation: Float64Array }
>();
function participationOf(split: SplitWithTyper) {
  const known = perSplit.get(split);
  if (known) return known;
  const s = split.split;
  const examples = (data: typeof s.fit, documents: typeof s.fitDocuments): ConceptExamples =>
    conceptExamples(data, documents);
  const selection = examples(s.selection, s.selectionDocuments);
  const evaluation = examples(s.evaluation, s.evaluationDocuments);
  const model = fitParticipation(examples(s.fit, s.fitDocuments), selection);
  log(
    `participation: ${model.index.size} features, L2 ${model.l2} (held-out log-loss ${model.grid.map((g) => `${g.l2}: ${g.logLoss.toFixed(4)}`).join(", ")})`,
  );
  const made = {
    model,
    selection: pairParticipation(model, s.selection, selection),
    evaluation: pairParticipation(model, s.evaluation, evaluation),
  };
  perSplit.set(split, made);
  return made;
}

const rows: { name: string; byWeight: Map<number, EvaluationFigures> }[] = [];
for (const name of savedRunNames(dir)) {
  if (/-f\d+-/.test(name) === dev) continue; // fold runs, or Dev runs
  const run = read(dir, name);
  checkedFusedFigures(run);
  const terms = participationOf(run.split);
  const novelty = noveltyFrom(run.recorded);
  const byWeight = new Map<number, EvaluationFigures>();
  for (const v of weights) {
    // the detector study's fusion (None logit − v × a per-pair term), here with the participation term
    const { predictions, figures } = decideAtHeldOutBias(
      {
        selection: fuseDetector(run.fused.selection, terms.selection, v),
        evaluation: fuseDetector(run.fused.evaluation, terms.evaluation, v),
      },
      run.split.split,
      novelty,
    );
    byWeight.set(v, figures);
    if (dev)
      writeRunRecord(
        out,
        v === 0 ? "fused" : "concepts",
        run,
        figures,
        v === 0 ? run.recorded : predictions,
      );
  }
  rows.push({ name, byWeight });
  if (!dev)
    log(
      `${name}: pair ${weights.map((v) => (100 * (byWeight.get(v) as EvaluationFigures).pair).toFixed(1)).join(" / ")}`,
    );
}

const pts = (x: number) => x.toFixed(2);
console.log(`\n${dev ? "Dev" : "Train folds"} (${dirName}), R2 epoch, typer fused w = 0.75\n`);
for (const objective of [...new Set(rows.map((r) => r.name.split("-")[0]))]) {
  const sub = rows.filter((r) => r.name.startsWith(`${objective}-`));
  console.log(`${objective} (${sub.length} runs): mean over runs; Δ vs v = 0 with a t-interval`);
  console.log("| v | pair | pair P / R | +type | all | Δ pair | Δ +type |");
  console.log("|---|---|---|---|---|---|---|");
  for (const v of weights) {
    const at = (key: keyof EvaluationFigures) =>
      sub.map((r) => 100 * (r.byWeight.get(v) as EvaluationFigures)[key]);
    const delta = (key: "pair" | "pairType") => {
      const base = sub.map((r) => 100 * (r.byWeight.get(0) as EvaluationFigures)[key]);
      const d = at(key).map((x, i) => x - (base[i] as number));
      const { lower, upper } = tInterval(d);
      return `${pts(mean(d))} [${pts(lower)}, ${pts(upper)}]`;
    };
    console.log(
      `| ${v} | ${pts(mean(at("pair")))} | ${pts(mean(at("p")))} / ${pts(mean(at("r")))} | ${pts(mean(at("pairType")))} | ${pts(mean(at("all")))} | ${delta("pair")} | ${delta("pairType")} |`,
    );
  }
  console.log("");
}
