import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PairScores } from "../src/index.js";
import { type RunScores, pairScores } from "./pair-scores.js";
import {
  FUSION_WEIGHTS,
  bestTypes,
  decisionsFound,
  networkAllowed,
  predictedRelations,
  tunedRule,
  typerBestTypes,
  typerScoresFor,
} from "./typer/fusion.js";
import { runRecords } from "./typer/run-records.js";
import {
  devFusionInputs,
  fusionSystems,
  loadRunScores,
  runsTrainFraction,
} from "./typer/fusion-inputs.js";
import { fitTyper, typeLogPriors, type typerPairs } from "./typer/typer.js";
import {
  FUSION_VARIANTS,
  type FusionInputs,
  type FusionVariant,
  asEvidence,
  chooseFusion,
  fusedFound,
  fusedPredictions,
} from "./typer/variants.js";

const here = dirname(fileURLToPath(import.meta.url));
const runs = (process.env.RUNS ?? "").split(/\s+/).filter(Boolean);
const name = process.env.NAME;
const out = process.env.OUT;
if (runs.length === 0 || !name || !out) {
  console.error(
    'usage: RUNS="results-x/baseline-s1 ..." NAME=baseline OUT=results-typer-fusion npx tsx experiments/typer-fusion.ts',
  );
  process.exit(1);
}
const log = (line: string) => process.stderr.write(`[typer-fusion ${name}] ${line}\n`);
// TYPER_FEATURES=typed-words,sentence-words: optional feature groups (features.ts)
const groups = new Set((process.env.TYPER_FEATURES ?? "").split(",").filter(Boolean));
const featureOptions = {
  typedWords: groups.has("typed-words"),
  sentenceWords: groups.has("sentence-words"),
};
log(`typer features: base${[...groups].map((g) => ` + ${g}`).join("")}`);
// the runs' split and encoding (biored.ts: fixed held-out seed, default max tokens); the typer
// is fitted on the fit documents the runs trained on (their TRAIN_FRACTION, checked against
// TRAIN_FRACTION when given)
const requested = process.env.TRAIN_FRACTION ? Number(process.env.TRAIN_FRACTION) : undefined;
const trainFraction = runsTrainFraction(here, runs, requested);
const inputs = await devFusionInputs(featureOptions, trainFraction);
log(`typer fit part: ${inputs.fitDocuments} documents (TRAIN_FRACTION ${trainFraction})`);
const { devCollection, fitPairs, heldOutPairs, devPairs, numClasses } = inputs;
const typer = fitTyper(fitPairs, heldOutPairs, numClasses, log);
log(`typer: l2 ${typer.l2} chosen on the held-out slice`);
// TYPER_ONLY=1: stop after the typer's held-out figures (feature groups are chosen on them)
if (process.env.TYPER_ONLY === "1") process.exit(0);

const loaded = loadRunScores(here, runs, inputs);
const first = loaded[0] as RunScores;
const labels = first.labels;

const typerScores = (pairs: ReturnType<typeof typerPairs>, net: PairScores) =>
  typerScoresFor(typer, pairs, net, (differ) =>
    log(
      `warning: ${differ} pairs where the typer's seen types differ from the network's type mask`,
    ),
  );
const heldOutTyper = typerScores(heldOutPairs, pairScores(first.heldOut));
const devTyper = typerScores(devPairs, pairScores(first.dev));

const { devSummary, writeRun } = runRecords(devCollection, join(here, out));

const pct = (x: number) => (100 * x).toFixed(1);
const devGold = Array.from(devPairs.labelIds.keys()).filter((p) => devPairs.labelIds[p] !== 0);
/** Share of Dev gold pairs whose best type is right, over all gold pairs and over those found. */
function typingAccuracy(types: Int32Array, found?: Uint8Array) {
  const pool = found ? devGold.filter((p) => found[p] === 1) : devGold;
  return pool.filter((p) => types[p] === devPairs.labelIds[p]).length / pool.length;
}
const typerTypes = typerBestTypes(devTyper);
console.log(
  `typer alone: l2 ${typer.l2}; typing accuracy on Dev gold pairs ${pct(typingAccuracy(typerTypes))} % (${devGold.length} pairs)`,
);
console.log(
  typer.grid
    .map(
      (g) =>
        `  l2 ${g.l2}: held-out log-loss ${g.logLoss.toFixed(4)}, accuracy ${pct(g.accuracy)} %`,
    )
    .join("\n"),
);

const systems = fusionSystems(here, runs, loaded);

// Typer terms per variant: log-probabilities, or evidence (minus the entity-type pair's prior).
const typerTerms = (
  evidence: boolean,
  pairs: typeof devPairs,
  logp: Float64Array[],
  net: PairScores,
) =>
  evidence ? asEvidence(logp, typeLogPriors(fitPairs, pairs.typePairs, networkAllowed(net))) : logp;
// WEIGHTS=0.75: fusion weights to choose from (default FUSION_WEIGHTS); one weight applies a
// choice fixed elsewhere (typer-cv.ts, on Train folds) to every system without selection.
const weights = process.env.WEIGHTS ? process.env.WEIGHTS.split(",").map(Number) : FUSION_WEIGHTS;
if (weights.some((w) => !Number.isFinite(w) || w < 0))
  throw new Error(`bad WEIGHTS ${process.env.WEIGHTS}`);
const variants = (process.env.VARIANTS ?? FUSION_VARIANTS.map((v) => v.name).join(","))
  .split(",")
  .map((v) => FUSION_VARIANTS.find((x) => x.name === v) ?? FUSION_VARIANTS[0]) as FusionVariant[];

console.log(
  "\n| system | variant | w (held-out) | held-out +type net → fused | Dev pair net / fused | Dev +type net / fused / typer types | Dev all net / fused | macro net / fused | typing acc. on Dev gold pairs: net / fused / typer | on found pairs: net / fused / typer on the net's |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
const devCurves: string[] = [];
for (const system of systems) {
  const prefix = `${name}-${system.seed === 0 ? "ens-" : ""}`;
  const netRule = tunedRule(system.heldOut);
  const netPredictions = predictedRelations(system.dev, netRule, first.dev.pairs, labels);
  const net = writeRun(
    `${prefix}net`,
    system.seed,
    { members: system.members },
    netRule,
    netPredictions,
    system.bestEpoch,
  );
  // the network's pair decisions, the typer's types
  const typerTyped = predictedRelations(system.dev, netRule, first.dev.pairs, labels, typerTypes);
  const typed = writeRun(
    `${prefix}typer-types`,
    system.seed,
    {},
    netRule,
    typerTyped,
    system.bestEpoch,
  );
  const netFound = decisionsFound(system.dev, netRule);
  const netTypes = bestTypes(system.dev);

  for (const variant of variants) {
    const inputs: FusionInputs = {
      heldOut: system.heldOut,
      dev: system.dev,
      heldOutTyper: typerTerms(variant.evidence, heldOutPairs, heldOutTyper, system.heldOut),
      devTyper: typerTerms(variant.evidence, devPairs, devTyper, system.dev),
    };
    const { chosen, curve } = chooseFusion(variant, inputs, weights);
    const fused = writeRun(
      `${prefix}${variant.name}`,
      system.seed,
      {
        variant,
        fusionWeight: chosen.w,
        heldOutCurve: curve.map((c) => ({ w: c.w, f1: c.heldOutF1 })),
      },
      { ...chosen.rule, heldOutF1: chosen.heldOutF1 },
      fusedPredictions(chosen, first.dev.pairs, labels),
      system.bestEpoch,
    );
    const fusedTypes = variant.typesOnly ? chosen.devTypes : bestTypes(chosen.devDecided);
    console.log(
      `| ${system.label} | ${variant.name} | ${chosen.w} | ${pct(netRule.heldOutF1)} → ${pct(chosen.heldOutF1)} | ${pct(net.pair.f1)} / ${pct(fused.pair.f1)} | ${pct(net.pairType.f1)} / ${pct(fused.pairType.f1)} / ${pct(typed.pairType.f1)} | ${pct(net.all.f1)} / ${pct(fused.all.f1)} | ${pct(net.macroF1PairType)} / ${pct(fused.macroF1PairType)} | ${pct(typingAccuracy(netTypes))} / ${pct(typingAccuracy(fusedTypes))} / ${pct(typingAccuracy(typerTypes))} | ${pct(typingAccuracy(netTypes, netFound))} / ${pct(typingAccuracy(fusedTypes, fusedFound(chosen)))} / ${pct(typingAccuracy(typerTypes, netFound))} |`,
    );
    // Diagnostic only (read after every choice above was fixed on the held-out slice): held-out
    // and Dev +type at each weight.
    const cells = curve.map(
      (c) =>
        `${pct(c.heldOutF1)} / ${pct(devSummary(fusedPredictions(c, first.dev.pairs, labels)).pairType.f1)}`,
    );
    devCurves.push(`| ${system.label} | ${variant.name} | ${cells.join(" | ")} |`);
  }
}
console.log(
  `\nheld-out / Dev +type F1 by fusion weight (diagnostic; w was chosen on held-out only)\n| system | variant | ${weights.map((w) => `w=${w}`).join(" | ")} |`,
);
console.log(`|---|---|${weights.map(() => "---|").join("")}`);
console.log(devCurves.join("\n"));
