// Round 2.6 (summaries/typer-calibration-cv-round26.md): per-type offsets on the fused type
// logits and class-weighted typers, judged by cross-validation on Train against today's
// fusion (`fused`, w = 0.75). For each fold k the typers are fitted on fold k's training part
// (once: they do not depend on the network), every listed fold run's slice scores are fused,
// offsets are fitted on the OTHER folds' fused slices (nested), and the five slices are scored
// together with BioRED track scoring, the None bias re-tuned per fold on its own slice as the
// runs do. Never reads Dev.
//
//   DIR=results-r25-folds RUNS=baseline-s1,baseline-s2,hnm-s1 npx tsx experiments/typer-calibration-cv.ts
//
// Prints one Markdown table per run and writes <DIR>/typer-calibration-cv.json, including the
// offsets fitted on all baseline folds' slices (what the Dev driver applies to Dev).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import {
  type BioredRelation,
  bioredMacroF1,
  bioredScores,
  relationsFromBioC,
} from "@biore/re-metrics";
import { dataFile, haveData } from "@biore/test-data";
import { type DecisionRule, type PairScores, tuneTypeBiases } from "../src/index.js";
import { HELD_OUT_FOLDS } from "./held-out-folds.js";
import { type RunScores, pairScores } from "./pair-scores.js";
import {
  CANDIDATES,
  RARE_TYPES,
  W,
  classWeightedPairs,
  concatScores,
  fitTypeBiasLL,
  ruleWithTypeBias,
} from "./typer/calibration.js";
import { fuse, predictedRelations, tunedRule, typerScoresFor } from "./typer/fusion.js";
import { foldFusionInputs } from "./typer/fusion-inputs.js";
import { fitTyper } from "./typer/typer.js";

const SYSTEMS = ["reference", ...CANDIDATES] as const;
type System = (typeof SYSTEMS)[number];

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.DIR ?? "results-r25-folds";
const runs = (process.env.RUNS ?? "baseline-s1,baseline-s2,hnm-s1").split(",");
const folds = Array.from({ length: HELD_OUT_FOLDS }, (_, i) => i + 1);
const log = (line: string) => process.stderr.write(`[typer-calibration-cv] ${line}\n`);

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) process.exit(1);
const train = await readCollection(trainFile);

const runFile = (run: string, fold: number) => {
  const [objective, seed] = run.split("-s");
  return join(here, dir, `${objective}-f${fold}-s${seed}.scores.json`);
};

/** Per fold: its slice documents and pair identities, and each run's fused slice scores per typer. */
interface FoldData {
  documents: BioCDocument[];
  pairs: [string, string, string][];
  labels: string[];
  /** run -> typer ("plain", "cw-sqrt", "cw-inv") -> fused slice scores */
  fused: Map<string, Map<string, PairScores>>;
}
const foldData: FoldData[] = [];
const typerRecords: Record<string, unknown>[] = [];
for (const fold of folds) {
  const first = foldFusionInputs(runFile(runs[0] as string, fold), train.documents, fold);
  const { split, fitPairs, slicePairs, pairs, labels } = first;
  const numClasses = split.fit.labelSpace.size - 1;
  const plain = fitTyper(fitPairs, slicePairs, numClasses, (l) => log(`fold ${fold}: ${l}`));
  const typers = new Map([["plain", plain]]);
  for (const [name, power] of [
    ["cw-sqrt", 0.5],
    ["cw-inv", 1],
  ] as const) {
    const weighted = classWeightedPairs(fitPairs, power);
    log(
      `fold ${fold}: ${name} multiplicities ${[...weighted.multiplicity].map(([l, m]) => `${labels[l]} ${m}`).join(", ")}`,
    );
    typers.set(
      name,
      fitTyper(
        weighted,
        slicePairs,
        numClasses,
        (l) => log(`fold ${fold} ${name}: ${l}`),
        plain.l2,
      ),
    );
  }
  typerRecords.push({
    fold,
    l2: plain.l2,
    grid: plain.grid,
    weighted: [...typers].slice(1).map(([name, t]) => ({ name, heldOut: t.grid })),
  });
  const fused = new Map<string, Map<string, PairScores>>();
  for (const run of runs) {
    const stored = JSON.parse(readFileSync(runFile(run, fold), "utf8")) as RunScores;
    const net = pairScores(stored.heldOut);
    if (
      net.labelIds.some((label, i) => label !== slicePairs.labelIds[i]) ||
      net.numPairs !== slicePairs.labelIds.length
    )
      throw new Error(`${runFile(run, fold)}: stored scores are not of fold ${fold}'s slice pairs`);
    if (stored.labels.join() !== labels.join()) throw new Error(`${run}: other label space`);
    const byTyper = new Map<string, PairScores>();
    for (const [name, typer] of typers) {
      const logp = typerScoresFor(typer, slicePairs, net, (n) =>
        log(
          `fold ${fold} ${run} ${name}: warning: ${n} pairs where the typer's seen types differ from the mask`,
        ),
      );
      byTyper.set(name, fuse(net, logp, W));
    }
    fused.set(run, byTyper);
  }
  foldData.push({ documents: [...split.validationDocuments], pairs, labels, fused });
  log(`fold ${fold}: ${split.validationDocuments.length} documents, typer l2 ${plain.l2}`);
}

const slices = foldData.flatMap((f) => f.documents);
const gold = relationsFromBioC(slices);
const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
const score = (relations: BioredRelation[], documents: BioCDocument[]) => {
  const ids = new Set(documents.map((d) => d.id));
  return bioredScores(
    gold.filter((r) => ids.has(r.documentId)),
    relations,
    { entityTypes: slices, documentIds: [...ids] },
  );
};
const goldCounts = Object.fromEntries(
  goldTypes.map((t) => [t, gold.filter((r) => r.type === t).length]),
);
console.log(
  `pooled slices: ${slices.length} documents, gold relations per type ${JSON.stringify(goldCounts)}`,
);

const pct = (x: number) => (100 * x).toFixed(1);
const results: Record<string, unknown>[] = [];
const offsetsFitted: Record<string, number[]> = {};
for (const run of runs) {
  const plainOf = (k: number) => foldData[k]?.fused.get(run)?.get("plain") as PairScores;
  const others = (k: number) =>
    folds
      .map((_, j) => j)
      .filter((j) => j !== k)
      .map(plainOf);
  const perFold = new Map<System, BioredRelation[][]>(SYSTEMS.map((s) => [s, []]));
  const offsets = new Map<System, number[][]>();
  foldData.forEach((f, k) => {
    const plain = plainOf(k);
    const rules: Record<System, [PairScores, DecisionRule]> = {
      reference: [plain, tunedRule(plain)],
      "bias-ll": [plain, ruleWithTypeBias(plain, fitTypeBiasLL(others(k)))],
      "bias-ll-1": [
        plain,
        ruleWithTypeBias(plain, fitTypeBiasLL([plainOf((k + 1) % folds.length)])),
      ],
      "bias-f1": [plain, ruleWithTypeBias(plain, tuneTypeBiases(concatScores(others(k))).typeBias)],
      "cw-sqrt": [
        f.fused.get(run)?.get("cw-sqrt") as PairScores,
        tunedRule(f.fused.get(run)?.get("cw-sqrt") as PairScores),
      ],
      "cw-inv": [
        f.fused.get(run)?.get("cw-inv") as PairScores,
        tunedRule(f.fused.get(run)?.get("cw-inv") as PairScores),
      ],
    };
    for (const system of SYSTEMS) {
      const [scores, rule] = rules[system];
      perFold.get(system)?.push(predictedRelations(scores, rule, f.pairs, f.labels));
      if (rule.typeBias) offsets.set(system, [...(offsets.get(system) ?? []), rule.typeBias]);
    }
  });
  const all = folds.map((_, k) => plainOf(k));
  offsetsFitted[`${run} bias-ll (5 folds)`] = fitTypeBiasLL(all);
  offsetsFitted[`${run} bias-f1 (5 folds)`] = tuneTypeBiases(concatScores(all)).typeBias;

  const labels = foldData[0]?.labels ?? [];
  console.log(`\n### ${run}\n`);
  console.log(
    "| system | pooled +type | pair | all | macro | rare-type macro | +type per fold (1 / 2 / 3 / 4 / 5) |",
  );
  console.log("|---|---|---|---|---|---|---|");
  const rows = SYSTEMS.map((system) => {
    const predictions = perFold.get(system) ?? [];
    const pooled = score(predictions.flat(), slices);
    const foldF1 = predictions.map((p, k) => score(p, foldData[k]?.documents ?? []).pairType.f1);
    const row = {
      run,
      system,
      pairType: pooled.pairType.f1,
      pair: pooled.pair.f1,
      all: pooled.all.f1,
      macro: bioredMacroF1(pooled, goldTypes),
      rare: bioredMacroF1(pooled, RARE_TYPES),
      perType: Object.fromEntries(goldTypes.map((t) => [t, pooled.perType[t]?.pairType.f1 ?? 0])),
      foldPairType: foldF1,
      offsets: offsets.get(system),
    };
    console.log(
      `| ${system} | ${pct(row.pairType)} | ${pct(row.pair)} | ${pct(row.all)} | ${pct(row.macro)} | ${pct(row.rare)} | ${foldF1.map(pct).join(" / ")} |`,
    );
    return row;
  });
  results.push(...rows);
  console.log(`\nper-type pooled +type F1 (${goldTypes.join(" / ")}):`);
  for (const row of rows)
    console.log(
      `  ${row.system}: ${goldTypes.map((t) => pct(row.perType[t] as number)).join(" / ")}`,
    );
  for (const [system, list] of offsets)
    console.log(
      `  ${system} offsets per fold (${labels.slice(1).join(", ")}): ${list
        .map((b) =>
          b
            .slice(1)
            .map((x) => x.toFixed(2))
            .join(" "),
        )
        .join(" | ")}`,
    );
}

// the pre-registered decision: strictly above the reference on both baseline seeds, rare guard
const baselineRuns = runs.filter((r) => r.startsWith("baseline-"));
const rowOf = (run: string, system: System) =>
  results.find((r) => r.run === run && r.system === system) as { pairType: number; rare: number };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const verdicts = CANDIDATES.map((system) => {
  const beats = baselineRuns.every(
    (run) => rowOf(run, system).pairType > rowOf(run, "reference").pairType + 1e-12,
  );
  const rareDrop =
    mean(baselineRuns.map((run) => rowOf(run, "reference").rare)) -
    mean(baselineRuns.map((run) => rowOf(run, system).rare));
  const meanPairType = mean(baselineRuns.map((run) => rowOf(run, system).pairType));
  return {
    system,
    beats,
    rareDrop,
    guard: rareDrop <= 0.01 + 1e-12,
    meanPairType,
    passes: beats && rareDrop <= 0.01 + 1e-12,
  };
});
const passing = verdicts.filter((v) => v.passes).sort((a, b) => b.meanPairType - a.meanPairType);
const best = [...verdicts].sort((a, b) => b.meanPairType - a.meanPairType)[0];
console.log(`\nverdicts (baseline runs ${baselineRuns.join(", ")}):`);
for (const v of verdicts)
  console.log(
    `  ${v.system}: mean pooled +type ${pct(v.meanPairType)}, beats reference on every baseline run: ${v.beats}, rare-type macro drop ${pct(v.rareDrop)} (guard ${v.guard ? "holds" : "broken"})`,
  );
console.log(
  passing.length > 0
    ? `adopted: ${passing[0]?.system}`
    : `adopted: none; best by mean pooled +type (not adopted): ${best?.system}`,
);

// the offsets the Dev driver applies (bias-ll / bias-f1): fitted on every baseline fold slice
const baselineSlices = baselineRuns.flatMap((run) =>
  foldData.map((f) => f.fused.get(run)?.get("plain") as PairScores),
);
const devOffsets = {
  "bias-ll": fitTypeBiasLL(baselineSlices),
  "bias-f1": tuneTypeBiases(concatScores(baselineSlices)).typeBias,
};
console.log(
  `offsets for Dev (all ${baselineSlices.length} baseline fold slices): ${JSON.stringify(devOffsets)}`,
);
writeFileSync(
  join(here, dir, "typer-calibration-cv.json"),
  JSON.stringify(
    {
      runs,
      w: W,
      typer: typerRecords,
      rows: results,
      verdicts,
      offsetsFitted,
      devOffsets,
      labels: foldData[0]?.labels,
    },
    null,
    1,
  ),
);
