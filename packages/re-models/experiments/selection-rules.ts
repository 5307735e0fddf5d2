// The epoch-selection rules of summaries/selection-rules-round27.md applied to the per-epoch
// records of selection-epochs.ts.
//
//   DIR=results-r27-sel-folds npx tsx experiments/selection-rules.ts
//     fold table (evaluation-slice +type per rule, Δ vs R0 with t-intervals over runs) and the
//     pre-registered choice;
//   CHECK_R0=results-r26-p10:results-r26-p3 ...  also: R0 on the first folder's PATIENCE=10
//     histories must give the second folder's (PATIENCE=3) best epochs;
//   DEV_DIR=results-r27-sel-dev OUT=results-r27-sel-dev-rules ...  Dev table per rule and run
//     records <OUT>/<rule>-<objective>-<net|fused>-s<seed>.json for summarize.ts and
//     seed-permutation.ts.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BioredRelation } from "@biore/re-metrics";
import type { EvalSummary } from "./selection/epoch-scoring.js";
import {
  CANDIDATES,
  RULES,
  type RuleName,
  SIMPLICITY,
  type SelectionSignals,
  r0,
} from "./selection/rules.js";
import { mean, sd, tInterval } from "./selection/stats.js";

const here = dirname(fileURLToPath(import.meta.url));
const pts = (x: number) => x.toFixed(2);

interface EpochRecord {
  epoch: number;
  validationF1: number | null;
  selection: { f1Net: number; f1Fused: number; logLoss: number };
  eval: { net: EvalSummary; fused: EvalSummary };
}
interface RunFile {
  objective: string;
  seed: number;
  fold: number | null;
  training: { bestEpoch: number; history: { validationF1: number | null }[] };
  epochs: EpochRecord[];
  predictions: { net: BioredRelation[]; fused: BioredRelation[] }[];
  seconds: { cpu: number };
}

function load(dir: string): RunFile[] {
  if (!existsSync(join(here, dir))) return [];
  return readdirSync(join(here, dir))
    .filter((f) => f.endsWith(".epochs.json"))
    .map((f) => JSON.parse(readFileSync(join(here, dir, f), "utf8")) as RunFile);
}

function signalsOf(run: RunFile): SelectionSignals {
  return {
    f1: run.epochs.map((e) => e.selection.f1Net),
    f1Fused: run.epochs.map((e) => e.selection.f1Fused),
    logLoss: run.epochs.map((e) => e.selection.logLoss),
  };
}

/** Checks the records against the trainer: its validation F1 per epoch and its (PATIENCE=10) pick. */
function checkRun(run: RunFile, name: string): void {
  run.epochs.forEach((e) => {
    if (Math.abs((e.validationF1 ?? Number.NaN) - e.selection.f1Net) > 1e-9)
      throw new Error(
        `${name} epoch ${e.epoch}: trainer F1 ${e.validationF1} ≠ ${e.selection.f1Net}`,
      );
  });
  const p10 = RULES.P10(signalsOf(run));
  if (p10 !== run.training.bestEpoch)
    throw new Error(`${name}: argmax ${p10} ≠ trainer's best epoch ${run.training.bestEpoch}`);
}

/** The oracle epoch: best evaluation +type fused (descriptive ceiling). */
const oracle = (run: RunFile) =>
  run.epochs.reduce(
    (b, e, i) =>
      e.eval.fused.pairType > (run.epochs[b] as EpochRecord).eval.fused.pairType + 1e-12 ? i : b,
    0,
  ) + 1;

type Pick = RuleName | "oracle";
const picks: readonly Pick[] = ["R0", "R1", "R2", "R3", "R4", "R5", "P10", "oracle"];
const pickEpoch = (run: RunFile, rule: Pick) =>
  rule === "oracle" ? oracle(run) : RULES[rule](signalsOf(run));
const at = (run: RunFile, epoch: number) => run.epochs[epoch - 1] as EpochRecord;

// ---- CHECK_R0: the emulation against stored PATIENCE=10 / PATIENCE=3 pairs of runs
if (process.env.CHECK_R0) {
  const [p10Dir, p3Dir] = process.env.CHECK_R0.split(":") as [string, string];
  const rows: string[] = [];
  let agree = 0;
  let total = 0;
  for (const f of readdirSync(join(here, p10Dir)).filter(
    (n) => n.endsWith(".json") && !n.includes(".scores"),
  )) {
    const long = JSON.parse(readFileSync(join(here, p10Dir, f), "utf8")) as RunFile;
    const short = JSON.parse(readFileSync(join(here, p3Dir, f), "utf8")) as RunFile;
    const f1 = long.training.history.map((h) => h.validationF1 ?? 0);
    const emulated = r0({ f1, f1Fused: f1, logLoss: f1 });
    total++;
    if (emulated === short.training.bestEpoch) agree++;
    rows.push(`${f}: R0 ${emulated}, trainer (patience 3) ${short.training.bestEpoch}`);
  }
  console.log(`R0 emulation check: ${agree} of ${total} agree\n  ${rows.join("\n  ")}\n`);
}

// ---- fold table and the pre-registered choice
const dir = process.env.DIR ?? "results-r27-sel-folds";
const all = load(dir).filter((r) => r.fold !== null);
for (const r of all) checkRun(r, `${r.objective}-f${r.fold}-s${r.seed}`);
const cell = (r: RunFile) => `${r.fold}/${r.seed}`;
const cells = new Set(
  all.filter((r) => all.some((o) => o.objective !== r.objective && cell(o) === cell(r))).map(cell),
);
const runs = all
  .filter((r) => cells.has(cell(r)))
  .sort(
    (a, b) =>
      a.objective.localeCompare(b.objective) || a.seed - b.seed || (a.fold ?? 0) - (b.fold ?? 0),
  );
const dropped = all.filter((r) => !cells.has(cell(r)));
const objectives = [...new Set(runs.map((r) => r.objective))].sort();
console.log(
  `fold runs: ${runs.length} in ${cells.size} (fold, seed) cells with both objectives (${[...cells].sort().join(", ")})${dropped.length ? `; left out (unpaired): ${dropped.map((r) => `${r.objective}-f${r.fold}-s${r.seed}`).join(", ")}` : ""}`,
);
console.log(`CPU s per run: mean ${mean(all.map((r) => r.seconds.cpu)).toFixed(0)}`);

/** Per run, the evaluation +type (points) a rule's epoch gives, fused or net. */
const typeOf = (run: RunFile, rule: Pick, kind: "net" | "fused") =>
  100 * at(run, pickEpoch(run, rule)).eval[kind].pairType;
const deltas = (rule: Pick, kind: "net" | "fused", subset = runs) =>
  subset.map((r) => typeOf(r, rule, kind) - typeOf(r, "R0", kind));
const ci = (xs: number[]) => {
  const t = tInterval(xs);
  return `${t.mean >= 0 ? "+" : ""}${pts(t.mean)} [${pts(t.lower)}, ${pts(t.upper)}]`;
};

console.log(
  `\n| rule | ${objectives.map((o) => `${o} fused / net (SD fused)`).join(" | ")} | Δ fused vs R0, all runs [95 % t] | ${objectives.map((o) => `Δ fused ${o}`).join(" | ")} | Δ net vs R0, all runs | epochs picked (${objectives.join(" ; ")}) | picks of epoch 2–3 |`,
);
console.log(
  `|---|${objectives.map(() => "---|").join("")}---|${objectives.map(() => "---|").join("")}---|---|---|`,
);
for (const rule of picks) {
  const perObjective = objectives.map((o) => {
    const sub = runs.filter((r) => r.objective === o);
    const fused = sub.map((r) => typeOf(r, rule, "fused"));
    const net = sub.map((r) => typeOf(r, rule, "net"));
    return `${pts(mean(fused))} / ${pts(mean(net))} (${pts(sd(fused))})`;
  });
  const byObjective = objectives.map((o) =>
    ci(
      deltas(
        rule,
        "fused",
        runs.filter((r) => r.objective === o),
      ),
    ),
  );
  const epochs = objectives
    .map((o) =>
      runs
        .filter((r) => r.objective === o)
        .map((r) => pickEpoch(r, rule))
        .join(" "),
    )
    .join(" ; ");
  const early = runs.filter((r) => pickEpoch(r, rule) <= 3).length;
  console.log(
    `| ${rule} | ${perObjective.join(" | ")} | ${ci(deltas(rule, "fused"))} | ${byObjective.join(" | ")} | ${ci(deltas(rule, "net"))} | ${epochs} | ${early}/${runs.length} |`,
  );
}
// descriptive: seed spread with the fold's difficulty taken out — mean |seed a − seed b| of the
// evaluation +type fused over the (fold, objective) cells holding two seeds
const seedGap = (rule: Pick, o: string) => {
  const gaps: number[] = [];
  for (const fold of new Set(runs.map((r) => r.fold))) {
    const pair = runs.filter((r) => r.objective === o && r.fold === fold);
    if (pair.length === 2)
      gaps.push(
        Math.abs(
          typeOf(pair[0] as RunFile, rule, "fused") - typeOf(pair[1] as RunFile, rule, "fused"),
        ),
      );
  }
  return gaps.length ? pts(mean(gaps)) : "–";
};
console.log(
  `\nseed spread within a fold (mean |seed 1 − seed 2| of evaluation +type fused, points): ${picks.map((rule) => `${rule} ${objectives.map((o) => seedGap(rule, o)).join(" / ")}`).join("; ")} (${objectives.join(" / ")})`,
);
console.log(
  `\nrun order in the epoch columns: ${objectives[0]} runs as (fold/seed) ${runs
    .filter((r) => r.objective === objectives[0])
    .map(cell)
    .join(" ")}`,
);

// the pre-registered choice: overall mean Δ fused > 0 and no objective's mean Δ < 0;
// the largest overall Δ, ties within 0.05 points -> the simpler rule
const qualifying = CANDIDATES.map((rule) => ({
  rule,
  overall: mean(deltas(rule, "fused")),
  perObjective: objectives.map((o) =>
    mean(
      deltas(
        rule,
        "fused",
        runs.filter((r) => r.objective === o),
      ),
    ),
  ),
})).filter((c) => c.overall > 0 && c.perObjective.every((d) => d >= 0));
let chosen: RuleName = "R0";
if (qualifying.length > 0) {
  const top = Math.max(...qualifying.map((c) => c.overall));
  const near = qualifying.filter((c) => c.overall >= top - 0.05).map((c) => c.rule);
  chosen = SIMPLICITY.find((r) => near.includes(r)) ?? "R0";
}
console.log(
  `\nqualifying rules: ${qualifying.length ? qualifying.map((c) => `${c.rule} (${pts(c.overall)}; ${c.perObjective.map(pts).join(" / ")})`).join(", ") : "none"}; chosen: ${chosen}`,
);

// ---- Dev (reporting only): per rule, per objective; run records for summarize.ts
if (process.env.DEV_DIR) {
  const out = process.env.OUT ?? "results-r27-sel-dev-rules";
  const devRuns = load(process.env.DEV_DIR).filter((r) => r.fold === null);
  for (const r of devRuns) checkRun(r, `dev ${r.objective}-s${r.seed}`);
  mkdirSync(join(here, out), { recursive: true });
  const seeds = [...new Set(devRuns.map((r) => r.seed))].sort((a, b) => a - b);
  console.log(`\nDev runs: ${devRuns.length} (seeds ${seeds.join(",")})`);
  console.log(
    "\n| rule | objective | Dev +type fused (per seed) | Dev +type net (per seed) | fused SD | pair fused | all fused | epochs |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const rule of picks) {
    for (const o of [...new Set(devRuns.map((r) => r.objective))].sort()) {
      const sub = devRuns.filter((r) => r.objective === o).sort((a, b) => a.seed - b.seed);
      const fig = (kind: "net" | "fused", key: keyof EvalSummary) =>
        sub.map((r) => 100 * at(r, pickEpoch(r, rule)).eval[kind][key]);
      const fused = fig("fused", "pairType");
      const net = fig("net", "pairType");
      console.log(
        `| ${rule} | ${o} | ${pts(mean(fused))} (${fused.map(pts).join(" / ")}) | ${pts(mean(net))} (${net.map(pts).join(" / ")}) | ${pts(sd(fused))} | ${pts(mean(fig("fused", "pair")))} | ${pts(mean(fig("fused", "all")))} | ${sub.map((r) => pickEpoch(r, rule)).join(" ")} |`,
      );
      for (const r of sub) {
        const epoch = pickEpoch(r, rule);
        for (const kind of ["net", "fused"] as const) {
          const e = at(r, epoch).eval[kind];
          writeFileSync(
            join(here, out, `${rule}-${o}-${kind}-s${r.seed}.json`),
            JSON.stringify({
              objective: `${rule}-${o}-${kind}`,
              seed: r.seed,
              training: {
                bestEpoch: epoch,
                bestValidationF1: at(r, epoch).selection[kind === "net" ? "f1Net" : "f1Fused"],
                history: [],
              },
              dev: {
                pair: { f1: e.pair },
                pairType: { f1: e.pairType },
                all: { f1: e.all },
                macroF1PairType: e.macro,
              },
              seconds: r.seconds,
              predictions: r.predictions[epoch - 1]?.[kind] ?? [],
            }),
          );
        }
      }
    }
  }
}
