// Applies the detector weight v chosen by detector-cv.ts (on Train folds) to saved Dev runs
// (issue 19; summaries/detector-fusion-cv-round25.md): the typer (fused, w = 0.75, fitted on
// the fit part of Train, L2 on the held-out slice) and the pair detector (typer/detector.ts,
// fitted on all candidate pairs of the fit part, L2 by held-out log-loss) fused into each run's
// logits and the runs' logit average; the None bias and novelty threshold re-tuned on the
// held-out slice. One v, no selection. Writes run JSONs for summarize.ts: <NAME>-net (the
// network), <NAME>-typer (typer only, v = 0), <NAME>-det (detector + typer, v = V) per seed,
// and <NAME>-ens-* for the logit average (seed 0).
//
//   RUNS="results-r24h-dev-default/baseline-s1 ... baseline-s5" NAME=baseline V=0.5 \
//   OUT=results-detector-cv npx tsx experiments/detector-fusion.ts
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import type { PairScores } from "../src/index.js";
import { averageScores, encodeLike, holdOutForSelection } from "../src/experiment/index.js";
import type { RunScores } from "./pair-scores.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED } from "./settings.js";
import { TYPER_WEIGHT, detectorLogOdds, fitDetector, fuseDetector } from "./typer/detector.js";
import { pairScores, predictedRelations, tunedRule, typerScoresFor } from "./typer/fusion.js";
import { runRecords } from "./typer/run-records.js";
import { fitTyper, typerPairs } from "./typer/typer.js";
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
const trainFile = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (!haveData(trainFile, devFile)) process.exit(1);

// The runs' split and encoding (biored.ts: fixed held-out seed, default max tokens).
const MAX_TOKENS = 512;
const train = await readCollection(trainFile);
const devCollection = await readCollection(devFile);
const split = holdOutForSelection(train.documents, {
  seed: HELD_OUT_SEED,
  fraction: HELD_OUT_FRACTION,
  dataset: { tokenizerOptions: BIORED_TOKENIZER, maxTokens: MAX_TOKENS },
});
const devData = encodeLike(split.fit, devCollection.documents, { maxTokens: MAX_TOKENS });
const fitPairs = typerPairs(split.fit, split.fitDocuments);
const heldOutPairs = typerPairs(split.validation, split.validationDocuments);
const devPairs = typerPairs(devData, devCollection.documents);
const typer = fitTyper(fitPairs, heldOutPairs, split.fit.labelSpace.size - 1, log);
const detector = fitDetector(fitPairs, heldOutPairs, log);
log(`typer l2 ${typer.l2}, detector l2 ${detector.l2} (both chosen on the held-out slice)`);

const loaded = runs.map(
  (r) => JSON.parse(readFileSync(join(here, `${r}.scores.json`), "utf8")) as RunScores,
);
const first = loaded[0] as RunScores;
const labels = first.labels;
// The saved scores must be of exactly these pairs, in this order.
const sameIds = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((x, i) => x === b[i]);
const devKeys = devData.pairs.flatMap((ps) =>
  ps.map((p) => `${p.documentId}|${p.head.identifier}|${p.tail.identifier}`),
);
for (const [r, run] of loaded.entries()) {
  const pairsMatch =
    run.dev.pairs.length === devKeys.length &&
    run.dev.pairs.every((p, i) => p.join("|") === devKeys[i]);
  if (
    !sameIds(run.heldOut.labelIds, heldOutPairs.labelIds) ||
    !sameIds(run.dev.labelIds, devPairs.labelIds) ||
    !pairsMatch
  )
    throw new Error(`${runs[r]}: saved scores are not of this split's held-out / Dev pairs`);
  if (run.labels.join() !== labels.join()) throw new Error(`${runs[r]}: other label space`);
}

const warn = (n: number) =>
  log(`warning: ${n} pairs where the typer's seen types differ from the network's type mask`);
const heldOutTyper = typerScoresFor(typer, heldOutPairs, pairScores(first.heldOut), warn);
const devTyper = typerScoresFor(typer, devPairs, pairScores(first.dev), warn);
const heldOutOdds = detectorLogOdds(detector, heldOutPairs);
const devOdds = detectorLogOdds(detector, devPairs);

const { writeRun } = runRecords(devCollection, join(here, out));

interface System {
  label: string;
  seed: number;
  heldOut: PairScores;
  dev: PairScores;
  bestEpoch: number;
  members: string[];
}
const systems: System[] = loaded.map((run, r) => {
  const record = JSON.parse(readFileSync(join(here, `${runs[r]}.json`), "utf8")) as {
    seed: number;
    training: { bestEpoch: number };
  };
  return {
    label: `seed ${record.seed}`,
    seed: record.seed,
    heldOut: pairScores(run.heldOut),
    dev: pairScores(run.dev),
    bestEpoch: record.training.bestEpoch,
    members: [runs[r] as string],
  };
});
if (loaded.length > 1)
  systems.push({
    label: `ensemble of ${loaded.length}`,
    seed: 0,
    heldOut: averageScores(loaded.map((r) => pairScores(r.heldOut))),
    dev: averageScores(loaded.map((r) => pairScores(r.dev))),
    bestEpoch: 0,
    members: runs,
  });

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
