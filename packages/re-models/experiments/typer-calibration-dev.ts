// Round 2.6's one Dev read (summaries/typer-calibration-cv-round26.md): one candidate chosen
// on Train folds (typer-calibration-cv.ts) against today's fusion (`fused`, w = 0.75) on every
// run and on their logit average, each applied without any choice on Dev. Writes run records
// `<NAME>[-ens]-net`, `-ref` (today's) and `-<CANDIDATE>` into OUT for summarize.ts.
//
//   CANDIDATE=bias-ll RUNS="results-r24h-dev-default/baseline-s1 ..." NAME=baseline OUT=results-typer-calibration \
//     npx tsx experiments/typer-calibration-dev.ts
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PairScores } from "../src/index.js";
import type { RunScores } from "./pair-scores.js";
import { pairScores } from "./pair-scores.js";
import {
  CANDIDATES,
  W,
  classWeightedPairs,
  fitTypeBiasLL,
  ruleWithTypeBias,
} from "./typer/calibration.js";
import { devFusionInputs, fusionSystems, loadRunScores } from "./typer/fusion-inputs.js";
import { fuse, predictedRelations, tunedRule, typerScoresFor } from "./typer/fusion.js";
import { runRecords } from "./typer/run-records.js";
import { type Typer, fitTyper } from "./typer/typer.js";

const here = dirname(fileURLToPath(import.meta.url));
const runs = (process.env.RUNS ?? "").split(/\s+/).filter(Boolean);
const name = process.env.NAME;
const out = process.env.OUT;
const candidate = process.env.CANDIDATE as (typeof CANDIDATES)[number];
const cvFile = join(here, process.env.CV ?? "results-r25-folds/typer-calibration-cv.json");
if (runs.length === 0 || !name || !out || !CANDIDATES.includes(candidate)) {
  console.error(
    `usage: CANDIDATE=<${CANDIDATES.join("|")}> RUNS="results-x/baseline-s1 ..." NAME=baseline OUT=results-typer-calibration npx tsx experiments/typer-calibration-dev.ts`,
  );
  process.exit(1);
}
const log = (line: string) => process.stderr.write(`[typer-calibration-dev ${name}] ${line}\n`);

const inputs = await devFusionInputs();
const { devCollection, fitPairs, heldOutPairs, devPairs, numClasses } = inputs;
const plain = fitTyper(fitPairs, heldOutPairs, numClasses, log);
log(`typer: l2 ${plain.l2} chosen on the held-out slice`);
const power = candidate === "cw-sqrt" ? 0.5 : candidate === "cw-inv" ? 1 : undefined;
const weighted =
  power === undefined
    ? undefined
    : fitTyper(classWeightedPairs(fitPairs, power), heldOutPairs, numClasses, log, plain.l2);
// offsets fitted on the baseline fold slices, applied unchanged (bias-ll, bias-f1)
const fixedOffsets =
  candidate === "bias-ll" || candidate === "bias-f1"
    ? (JSON.parse(readFileSync(cvFile, "utf8")) as { devOffsets: Record<string, number[]> })
        .devOffsets[candidate]
    : undefined;
if (fixedOffsets) log(`offsets from ${cvFile}: ${fixedOffsets.map((b) => b.toFixed(3)).join(" ")}`);

const loaded = loadRunScores(here, runs, inputs);
const first = loaded[0] as RunScores;
const labels = first.labels;
const termsOf = (typer: Typer) => {
  const warn = (n: number) =>
    log(`warning: ${n} pairs where the typer's seen types differ from the mask`);
  return {
    heldOut: typerScoresFor(typer, heldOutPairs, pairScores(first.heldOut), warn),
    dev: typerScoresFor(typer, devPairs, pairScores(first.dev), warn),
  };
};
const plainTerms = termsOf(plain);
const candidateTerms = weighted ? termsOf(weighted) : plainTerms;

const { writeRun } = runRecords(devCollection, join(here, out));
const pct = (x: number) => (100 * x).toFixed(1);
console.log(`| system | Dev pair net / ref / ${candidate} | +type | all | macro | offsets |`);
console.log("|---|---|---|---|---|---|");
for (const system of fusionSystems(here, runs, loaded)) {
  const prefix = `${name}-${system.seed === 0 ? "ens-" : ""}`;
  const record = (
    suffix: string,
    dev: PairScores,
    rule: ReturnType<typeof tunedRule>,
    extra = {},
  ) =>
    writeRun(
      `${prefix}${suffix}`,
      system.seed,
      { members: system.members, ...extra },
      rule,
      predictedRelations(dev, rule, first.dev.pairs, labels),
      system.bestEpoch,
    );
  const net = record("net", system.dev, tunedRule(system.heldOut));
  const refHeld = fuse(system.heldOut, plainTerms.heldOut, W);
  const refDev = fuse(system.dev, plainTerms.dev, W);
  const ref = record("ref", refDev, tunedRule(refHeld), { fusionWeight: W });
  const candHeld = weighted ? fuse(system.heldOut, candidateTerms.heldOut, W) : refHeld;
  const candDev = weighted ? fuse(system.dev, candidateTerms.dev, W) : refDev;
  const offsets =
    fixedOffsets ?? (candidate === "bias-ll-1" ? fitTypeBiasLL([candHeld]) : undefined);
  const rule = offsets ? ruleWithTypeBias(candHeld, offsets) : tunedRule(candHeld);
  const cand = record(candidate, candDev, rule, { fusionWeight: W, candidate });
  console.log(
    `| ${system.label} | ${pct(net.pair.f1)} / ${pct(ref.pair.f1)} / ${pct(cand.pair.f1)} | ${pct(net.pairType.f1)} / ${pct(ref.pairType.f1)} / ${pct(cand.pairType.f1)} | ${pct(net.all.f1)} / ${pct(ref.all.f1)} / ${pct(cand.all.f1)} | ${pct(net.macroF1PairType)} / ${pct(ref.macroF1PairType)} / ${pct(cand.macroF1PairType)} | ${
      offsets
        ? offsets
            .slice(1)
            .map((b) => b.toFixed(2))
            .join(" ")
        : "–"
    } |`,
  );
}
