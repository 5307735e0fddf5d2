// Round 4.8 (issue 19; pre-registered in summaries/crossfit-ensemble-round48.md): a three-model
// ensemble whose members selected on three different 40-document slices of Train (so together
// they fitted all of it), each member's None bias tuned on its own slice (selection/cross-fit.ts),
// against the library's ensemble of three seeds on one slice. Nothing is trained here.
//
//   FOLDS_DIRS=<fold runs>,<EVAL_FOLD runs> npx tsx experiments/crossfit-ensemble.ts
//     the gate: each Train slice E decided by seeds a, b, c on slice E − 1 (standard) and by
//     (E − 1, a), (E − 2, b), (E − 3, c) (cross-fit), for every 3-subset of seeds 1-4
//   DEV_DIRS=<DEV_FOLD runs>,... OUT=<folder> npx tsx experiments/crossfit-ensemble.ts
//     Dev: group (s, s + 1, s + 2) is d1 × those seeds (standard) or (d1, s), (d2, s + 1),
//     (d3, s + 2) (cross-fit); run records <OUT>/<parent>-<folder>/<arm>-baseline-s<seed>.json
//   SPREAD=1 DEV_DIRS=<Dev runs>,... OUT=<folder> (round 5.8, summaries/crossfit-spread-round58.md)
//     Dev over all five slices: the folders' runs pooled; for every slice k and each of its first
//     two seed triples, standard = the triple on k, cross-fit = its first seed on k and the
//     same-numbered triples' second seed on k + 1 and third on k + 2; records <OUT>/spread/;
//     TRIPLES=n reads each slice's first n triples instead (round 5.9)
import { basename, join } from "node:path";
import type { BioredRelation } from "@biore/re-metrics";
import { crossFitRelations } from "./selection/cross-fit.js";
import {
  type DensityUnit,
  candidatePairsPerDocument,
  densityDeltas,
  medianPairs,
} from "./selection/density-split.js";
import { gateBootstrap } from "./selection/gate-bootstrap.js";
import {
  type EvaluationFigures,
  type SavedRun,
  decideEnsemble,
  documentFigures,
  openSavedRuns,
  subsets,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { analysisFolders, recordFolder, runsIn } from "./selection/run-folders.js";
import { evaluationFoldOf } from "./selection/split.js";
import { deltaHalf, points as pts } from "./selection/figures-text.js";
import { formatInterval, mean } from "./selection/stats.js";

const { foldDirs, devDirs, out } = analysisFolders(process.env);
const log = (line: string) => process.stderr.write(`[crossfit-ensemble] ${line}\n`);
const FOLDS = [1, 2, 3, 4, 5];
/** Slice k steps before slice `of` (1-based, 5 wraps to 1). */
const before = (of: number, k: number) => ((of - 1 - k + 2 * FOLDS.length) % FOLDS.length) + 1;

const read = await openSavedRuns(devDirs.length > 0);
const readAll = (dirs: readonly string[]) => runsIn(read, dirs);

type Arm = "standard" | "meanBias" | "crossFit";
const ARMS: Arm[] = ["standard", "meanBias", "crossFit"];

/** One unit's three decisions: `same` share one slice, `crossed` selected on different ones. */
function decideUnit(same: readonly SavedRun[], crossed: readonly SavedRun[]) {
  const cross = crossFitRelations(crossed);
  if (cross.partialPairs > 0)
    log(
      `${crossed.map((r) => r.name).join(", ")}: ${cross.partialPairs} pairs not scored by every member`,
    );
  const decided: Record<Arm, BioredRelation[]> = {
    standard: decideEnsemble(same),
    meanBias: crossFitRelations(same).predictions,
    crossFit: cross.predictions,
  };
  return decided;
}

/** The gate's and Dev's units, cross-fit vs standard: the gate's bootstrap and the density reading (DENSITY). */
const densityUnits: { gate: DensityUnit[]; dev: DensityUnit[] } = { gate: [], dev: [] };
const pairsOf = (runs: readonly SavedRun[]) =>
  new Map(runs.flatMap((r) => [...candidatePairsPerDocument(r)]));

const cells = (f: EvaluationFigures) => `${pts(f.pair)} / ${pts(f.pairType)}`;

/** A Dev unit's figures in every arm; with OUT, also its run records in `<OUT>/<records>` (as `named`). */
function unitFigures(
  first: SavedRun,
  decided: Record<Arm, BioredRelation[]>,
  records: string,
  named: SavedRun = first,
): Record<Arm, EvaluationFigures> {
  const documents = first.split.split.evaluationDocuments;
  const figures = Object.fromEntries(
    ARMS.map((arm) => [arm, documentFigures(documents, decided[arm])]),
  ) as Record<Arm, EvaluationFigures>;
  if (out)
    for (const arm of ARMS)
      writeRunRecord(join(out, records), arm, named, figures[arm], decided[arm]);
  return figures;
}

if (foldDirs.length > 0) {
  const runs = readAll(foldDirs).filter((r) => r.fold !== null);
  const runOf = (selection: number, evaluation: number, seed: number) =>
    runs.find((r) => r.fold === selection && r.evaluationFold === evaluation && r.seed === seed);
  const find = (selection: number, evaluation: number, seed: number): SavedRun => {
    const run = runOf(selection, evaluation, seed);
    if (!run)
      throw new Error(`no run selecting on ${selection}, evaluated on ${evaluation}, seed ${seed}`);
    return run;
  };
  // a subset is read only when all its runs exist (round 4.8b may stop before all 60 ran)
  const complete = (seeds: readonly number[]) =>
    FOLDS.every((e) =>
      seeds.every((s, i) => runOf(before(e, 1), e, s) && runOf(before(e, i + 1), e, s)),
    );
  console.log("\n### Train folds: three-model ensembles, each slice E decided, the five pooled\n");
  console.log(
    "| seeds | standard pair / +type | mean-bias pair / +type | cross-fit pair / +type | Δ cross-fit pair / +type / half | Δ half without slice 1 | Δ mean-bias half | Δ cross-fit pair per slice (E = 1-5) |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  const deltas = {
    half: [] as number[],
    half1: [] as number[],
    pair: [] as number[],
    meanBias: [] as number[],
  };
  const readable = subsets([1, 2, 3, 4], 3, true).filter((seeds) => {
    const ready = complete(seeds);
    if (!ready) log(`seeds ${seeds.join(",")}: runs missing, not read`);
    return ready;
  });
  for (const [a, b, c] of readable as [number, number, number][]) {
    const perSlice = FOLDS.map((e) => {
      const same = [a, b, c].map((s) => find(before(e, 1), e, s));
      const crossed = [
        find(before(e, 1), e, a),
        find(before(e, 2), e, b),
        find(before(e, 3), e, c),
      ];
      if (evaluationFoldOf(before(e, 1)) !== e) throw new Error("slice arithmetic");
      return {
        e,
        documents: (same[0] as SavedRun).split.split.evaluationDocuments,
        decided: decideUnit(same, crossed),
      };
    });
    const pooled = (keep: (e: number) => boolean) =>
      Object.fromEntries(
        ARMS.map((arm) => {
          const kept = perSlice.filter((s) => keep(s.e));
          return [
            arm,
            documentFigures(
              kept.flatMap((s) => s.documents),
              kept.flatMap((s) => s.decided[arm]),
            ),
          ];
        }),
      ) as Record<Arm, EvaluationFigures>;
    const all = pooled(() => true);
    densityUnits.gate.push({
      documents: perSlice.flatMap((s) => s.documents),
      pairsPerDocument: pairsOf(FOLDS.map((e) => find(before(e, 1), e, a))),
      treatment: perSlice.flatMap((s) => s.decided.crossFit),
      control: perSlice.flatMap((s) => s.decided.standard),
    });
    const without1 = pooled((e) => e !== 1);
    const d = deltaHalf(all.crossFit, all.standard);
    deltas.half.push(d);
    deltas.half1.push(deltaHalf(without1.crossFit, without1.standard));
    deltas.pair.push(100 * (all.crossFit.pair - all.standard.pair));
    deltas.meanBias.push(deltaHalf(all.meanBias, all.standard));
    const slicePair = perSlice.map((s) => {
      const f = (arm: Arm) => documentFigures(s.documents, s.decided[arm]).pair;
      return (100 * (f("crossFit") - f("standard"))).toFixed(1);
    });
    console.log(
      `| ${a},${b},${c} | ${cells(all.standard)} | ${cells(all.meanBias)} | ${cells(all.crossFit)} | ${(100 * (all.crossFit.pair - all.standard.pair)).toFixed(2)} / ${(100 * (all.crossFit.pairType - all.standard.pairType)).toFixed(2)} / ${d.toFixed(2)} | ${deltaHalf(without1.crossFit, without1.standard).toFixed(2)} | ${deltaHalf(all.meanBias, all.standard).toFixed(2)} | ${slicePair.join(" / ")} |`,
    );
  }
  const n = deltas.half.length;
  console.log(
    `\nmean over ${n}: Δ half ${formatInterval(deltas.half)}, without slice 1 ${formatInterval(deltas.half1)}, Δ pair ${formatInterval(deltas.pair)}, positive in ${deltas.half.filter((x) => x > 0).length} of ${n}; mean-bias alone Δ half ${formatInterval(deltas.meanBias)}`,
  );
  // every subset decided the same 200 documents
  const boot = gateBootstrap(densityUnits.gate[0]?.documents ?? [], densityUnits.gate);
  console.log(
    `document bootstrap (the 200 documents resampled, 1000 times, every subset on the same resample): Δ half ${boot.delta >= 0 ? "+" : ""}${boot.delta.toFixed(2)} [${boot.lower.toFixed(2)}, ${boot.upper.toFixed(2)}]`,
  );
  console.log(
    `gate (mean Δ half ≥ +0.3 and positive in ≥ 3 of ${n}): ${mean(deltas.half) >= 0.3 && deltas.half.filter((x) => x > 0).length >= 3 ? "passes" : "fails"}`,
  );
}

if (devDirs.length > 0 && process.env.SPREAD === "1") {
  console.log("\n### Dev, three-model ensembles over the five selection slices\n");
  console.log(
    "| cross-fit members | standard pair / +type | mean-bias pair / +type | cross-fit pair / +type |",
  );
  console.log("|---|---|---|---|");
  const runs = readAll(devDirs).filter((r) => r.fold === null);
  const triplesPerSlice = Number(process.env.TRIPLES ?? 2);
  /** The first TRIPLES (default 2) consecutive seed triples of slice k. */
  const triplesOf = (k: number) =>
    subsets(
      [...new Set(runs.filter((r) => r.selectionFold === k).map((r) => r.seed))].sort(
        (x, y) => x - y,
      ),
      3,
      false,
    ).slice(0, triplesPerSlice);
  const runOf = (slice: number, seed: number) => {
    const run = runs.find((r) => r.selectionFold === slice && r.seed === seed);
    if (!run) throw new Error(`no Dev run on slice ${slice}, seed ${seed}`);
    return run;
  };
  const next = (k: number, i: number) => ((k - 1 + i) % FOLDS.length) + 1;
  for (const k of FOLDS)
    triplesOf(k).forEach((triple, g) => {
      const same = triple.map((s) => runOf(k, s));
      const crossed = [0, 1, 2].map((i) => {
        const seed = triplesOf(next(k, i))[g]?.[i];
        if (seed === undefined) throw new Error(`slice ${next(k, i)} has no triple ${g + 1}`);
        return runOf(next(k, i), seed);
      });
      const figures = unitFigures(same[0] as SavedRun, decideUnit(same, crossed), "spread");
      console.log(
        `| ${crossed.map((r) => r.name).join(", ")} | ${cells(figures.standard)} | ${cells(figures.meanBias)} | ${cells(figures.crossFit)} |`,
      );
    });
  if (out) log(`wrote ${out}`);
} else if (devDirs.length > 0) {
  console.log("\n### Dev, three-model ensembles\n");
  console.log(
    "| group | standard pair / +type | mean-bias pair / +type | cross-fit pair / +type |",
  );
  console.log("|---|---|---|---|");
  for (const dir of devDirs) {
    const runs = readAll([dir]).filter((r) => r.fold === null);
    const find = (slice: number, seed: number) =>
      runs.find((r) => r.selectionFold === slice && r.seed === seed);
    const slices = [...new Set(runs.map((r) => r.selectionFold))].sort((x, y) => x - y);
    // a DEV_FOLD=1..5 folder of one seed triple (round 4.7's): every slice k is a group,
    // cross-fit over k, k + 1, k + 2; otherwise groups of consecutive seeds on slice 1
    const triples: { slice: number; seeds: number[] }[] =
      slices.length === FOLDS.length
        ? slices.map((k) => ({
            slice: k,
            seeds: [...new Set(runs.map((r) => r.seed))].sort((x, y) => x - y),
          }))
        : subsets(
            [...new Set(runs.filter((r) => r.selectionFold === 1).map((r) => r.seed))].sort(
              (x, y) => x - y,
            ),
            3,
            false,
          ).map((seeds) => ({ slice: 1, seeds }));
    for (const { slice, seeds } of triples) {
      const same = seeds.map((s) => find(slice, s));
      const crossed = seeds.map((s, i) => find(((slice - 1 + i) % FOLDS.length) + 1, s));
      if ([...same, ...crossed].some((r) => r === undefined)) {
        log(
          `${basename(dir)}: slice ${slice}, seeds ${seeds.join(",")}: a member is missing, skipped`,
        );
        continue;
      }
      const decided = decideUnit(same as SavedRun[], crossed as SavedRun[]);
      const first = same[0] as SavedRun;
      if (slices.length !== FOLDS.length)
        densityUnits.dev.push({
          documents: first.split.split.evaluationDocuments,
          pairsPerDocument: candidatePairsPerDocument(first),
          treatment: decided.crossFit,
          control: decided.standard,
        });
      // records of a five-slice folder are named by slice and first seed, so summarize.ts keeps them apart
      const named =
        slices.length === FOLDS.length
          ? { ...first, seed: Number(`${slice}${first.seed}`) }
          : first;
      const figures = unitFigures(first, decided, recordFolder(dir), named);
      console.log(
        `| ${crossed.map((r) => (r as SavedRun).name).join(", ")} | ${cells(figures.standard)} | ${cells(figures.meanBias)} | ${cells(figures.crossFit)} |`,
      );
    }
  }
  if (out) log(`wrote ${out}`);
}

// DENSITY=<n> (or "median": the gate documents' median): cross-fit − standard on documents with
// ≤ n candidate pairs and on the rest
// (the fresh Dev groups only; round 4.7's overlapping units are left out)
if (process.env.DENSITY) {
  const threshold =
    process.env.DENSITY === "median" ? medianPairs(densityUnits.gate) : Number(process.env.DENSITY);
  console.log(
    `\n### Δ half (cross-fit − standard) by candidate pairs per document, split at ${threshold}\n`,
  );
  console.log(
    "| documents | median pairs | Δ half, ≤ split (documents) | Δ half, > split (documents) |",
  );
  console.log("|---|---|---|---|");
  for (const [name, list] of Object.entries(densityUnits)) {
    if (list.length === 0) continue;
    const d = densityDeltas(list, threshold);
    console.log(
      `| ${name === "gate" ? "Train folds (200)" : "Dev (100)"}, ${list.length} units | ${medianPairs(list)} | ${d.sparse.toFixed(2)} (${d.sparseDocuments}) | ${d.dense.toFixed(2)} (${d.denseDocuments}) |`,
    );
  }
}
