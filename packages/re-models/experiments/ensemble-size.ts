// How pair and +type F1 grow with the number of models averaged (issue 19, round 2.9;
// summaries/ensemble-size-round29.md), from round 2.8's saved Dev runs at their R2 epoch: the
// network logits of K seeds averaged, the typer fused as the library does, the None bias tuned
// on the averaged selection slice (as `biore compare --ensemble K` does). Disjoint groups of
// consecutive seeds; descriptive only: no default is chosen from these Dev figures.
//
//   DIR=results-r28-rep-1024 SIZES=1,3,5,15 npx tsx experiments/ensemble-size.ts
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PairScores } from "../src/index.js";
import {
  type EvaluationFigures,
  type SavedRun,
  averageRuns,
  decideAtHeldOutBias,
  noveltyFrom,
  openSavedRuns,
  savedRunNames,
} from "./selection/saved-runs.js";
import { mean } from "./selection/stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const dirName = process.env.DIR ?? "results-r28-rep-1024";
const dir = join(here, dirName);
const sizes = (process.env.SIZES ?? "1,3,5,15").split(",").map(Number);

const read = await openSavedRuns(true);
const runs = savedRunNames(dir)
  .filter((name) => !/-f\d+-/.test(name))
  .map((name) => read(dir, name));

/** Net-only and typer-fused figures of the logit average of `members`. */
function ensembleFigures(members: readonly SavedRun[]): {
  net: EvaluationFigures;
  fused: EvaluationFigures;
} {
  const first = members[0] as SavedRun;
  const { net, fused } = averageRuns(members);
  const novelty = noveltyFrom(first.recorded);
  const decided = (scores: { selection: PairScores; evaluation: PairScores }) =>
    decideAtHeldOutBias(scores, first.split.split, novelty).figures;
  return { net: decided(net), fused: decided(fused) };
}

const pts = (x: number) => (100 * x).toFixed(1);
const groups = new Map<string, SavedRun[]>();
for (const run of runs) groups.set(run.objective, [...(groups.get(run.objective) ?? []), run]);
// all objectives together, when there are several
if (groups.size > 1) groups.set([...groups.keys()].sort().join("+"), [...runs]);
console.log(
  `Dev (${dirName}), R2 epoch, logit averages of K seeds (disjoint groups of consecutive seeds); mean over groups (lowest–highest)\n`,
);
console.log(
  "| models | K | groups | fused pair | fused +type | fused pair P / R | net pair | net +type |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const [objective, members] of groups) {
  members.sort((a, b) => a.seed - b.seed);
  for (const k of objective.includes("+") ? [members.length] : sizes) {
    if (k > members.length) continue;
    const figures: { net: EvaluationFigures; fused: EvaluationFigures }[] = [];
    for (let g = 0; g + k <= members.length; g += k)
      figures.push(ensembleFigures(members.slice(g, g + k)));
    const cell = (pick: (f: (typeof figures)[number]) => number) => {
      const xs = figures.map(pick);
      return figures.length === 1
        ? pts(xs[0] as number)
        : `${pts(mean(xs))} (${pts(Math.min(...xs))}–${pts(Math.max(...xs))})`;
    };
    console.log(
      `| ${objective} | ${k} | ${figures.length} | ${cell((f) => f.fused.pair)} | ${cell((f) => f.fused.pairType)} | ${pts(mean(figures.map((f) => f.fused.p)))} / ${pts(mean(figures.map((f) => f.fused.r)))} | ${cell((f) => f.net.pair)} | ${cell((f) => f.net.pairType)} |`,
    );
  }
}
