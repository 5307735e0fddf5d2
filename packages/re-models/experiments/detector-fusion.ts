import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunScores, pairScores } from "./pair-scores.js";
import { TYPER_WEIGHT, detectorLogOdds, fitDetector, fuseDetector } from "./typer/detector.js";
import { predictedRelations, tunedRule, typerScoresFor } from "./typer/fusion.js";
import { runRecords } from "./typer/run-records.js";
import { devFusionInputs, fusionSystems, loadRunScores } from "./typer/fusion-inputs.js";
import { fitTyper } from "./typer/typer.js";
import { FUSION_VARIANTS, fusedAt, fusedPredictions } from "./typer/variants.js";

const here = dirname(fileURLToPath(import.meta.url));
const runs = (process.env.RUNS ?? "").split(/\s+/).filter(Boolean);
const name = process.env.NAME;
const out = process.env.OUT;
const v = Number(process.env.V);
if (runs.length === 0 || !name || !out || !Number.isFinite(v) || v < 0) {
  console.error(
    'usage: RUNS="results-x/baseline-s1 ..." NAME=baseline V=0.5 OUT=results-detector-cv npx tsx experiments/detector-fusion.ts',
  );
  process.exit(1);
}
const fused = FUSION_VARIANTS.find((x) => x.name === "fused");
if (!fused) throw new Error("no fused variant");
const log = (line: string) => process.stderr.write(`[detector-fusion ${name}] ${line}\n`);
// the runs' split and encoding (biored.ts: fixed held-out seed, default max tokens)
const inputs = await devFusionInputs();
const { devCollection, fitPairs, heldOutPairs, devPairs, numClasses } = inputs;
const typer = fitTyper(fitPairs, heldOutPairs, numClasses, log);
const detector = fitDetector(fitPairs, heldOutPairs, log);
log(`typer l2 ${typer.l2}, detector l2 ${detector.l2} (both chosen on the held-out slice)`);

const loaded = loadRunScores(here, runs, inputs);
const first = loaded[0] as RunScores;
const labels = first.labels;

const warn = (n: number) =>
  log(`warning: ${n} pairs where the typer's seen types differ from the network's type mask`);
const heldOutTyper = typerScoresFor(typer, heldOutPairs, pairScores(first.heldOut), warn);
const devTyper = typerScoresFor(typer, devPairs, pairScores(first.dev), warn);
const heldOutOdds = detectorLogOdds(detector, heldOutPairs);
const devOdds = detectorLogOdds(detector, devPairs);

const { writeRun } = runRecords(devCollection, join(here, out));

const systems = fusionSystems(here, runs, loaded);

const pct = (x: number) => (100 * x).toFixed(1);
console.log(
  `typer l2 ${typer.l2}; detector l2 ${detector.l2}; typer w ${TYPER_WEIGHT}; detector v ${v}`,
);
console.log(
  "\n| system | held-out pair+type net / typer / det | Dev pair net / typer / det | Dev +type net / typer / det | Dev all net / typer / det | macro net / typer / det |",
);
console.log("|---|---|---|---|---|---|");
for (const system of systems) {
  const prefix = `${name}-${system.seed === 0 ? "ens-" : ""}`;
  const extra = { members: system.members, typerWeight: TYPER_WEIGHT, typerL2: typer.l2 };
  const netRule = tunedRule(system.heldOut);
  const net = writeRun(
    `${prefix}net`,
    system.seed,
    { members: system.members },
    netRule,
    predictedRelations(system.dev, netRule, first.dev.pairs, labels),
    system.bestEpoch,
  );
  const at = (weight: number) =>
    fusedAt(
      fused,
      {
        heldOut: fuseDetector(system.heldOut, heldOutOdds, weight),
        dev: fuseDetector(system.dev, devOdds, weight),
        heldOutTyper,
        devTyper,
      },
      TYPER_WEIGHT,
    );
  const [typerOnly, withDetector] = [at(0), at(v)];
  const typed = writeRun(
    `${prefix}typer`,
    system.seed,
    { ...extra, detectorWeight: 0 },
    typerOnly.rule,
    fusedPredictions(typerOnly, first.dev.pairs, labels),
    system.bestEpoch,
  );
  const det = writeRun(
    `${prefix}det`,
    system.seed,
    { ...extra, detectorWeight: v, detectorL2: detector.l2 },
    withDetector.rule,
    fusedPredictions(withDetector, first.dev.pairs, labels),
    system.bestEpoch,
  );
  const three = (f: (d: typeof net) => number) =>
    [net, typed, det].map((d) => pct(f(d))).join(" / ");
  console.log(
    `| ${system.label} | ${[netRule, typerOnly.rule, withDetector.rule].map((r) => pct(r.heldOutF1)).join(" / ")} | ${three((d) => d.pair.f1)} | ${three((d) => d.pairType.f1)} | ${three((d) => d.all.f1)} | ${three((d) => d.macroF1PairType)} |`,
  );
}
