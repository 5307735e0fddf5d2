// Round 5.0 (issue 19; pre-registered in summaries/mixed-ensemble-round50.md): three-model
// ensembles that mix encoder shapes (B: the default, R: a fourth dilated block, W: width 96;
// round 4.4's saved runs) against three B networks of the same seeds. Nothing is trained here.
//
//   FOLDS_DIRS=<B folds>,<R folds>,<W folds> npx tsx experiments/mixed-ensemble.ts
//     the gate: every unit's five Train slices (selection on k, evaluation on k + 1) pooled
//   DEV_DIRS="<B>,<R>[,<W>];<B>,<R>..." OUT=<folder> npx tsx experiments/mixed-ensemble.ts
//     Dev: groups (s, s + 1, s + 2) of each draw; run records <OUT>/<B folder's records folder>/
import { join } from "node:path";
import type { BioredRelation } from "@biore/re-metrics";
import { readGate } from "./selection/fold-gate.js";
import {
  type EvaluationFigures,
  type SavedRun,
  decideEnsemble,
  documentFigures,
  openSavedRuns,
  subsets,
  writeRunRecord,
} from "./selection/saved-runs.js";
import { analysisFolders, recordFolder, runFolders, runsIn } from "./selection/run-folders.js";
import { figureCells } from "./selection/figures-text.js";
import { formatInterval, mean } from "./selection/stats.js";

const { foldDirs } = analysisFolders(process.env);
const devDraws = (process.env.DEV_DIRS ?? "")
  .split(";")
  .map(runFolders)
  .filter((d) => d.length > 0);
const { out } = analysisFolders(process.env);
const log = (line: string) => process.stderr.write(`[mixed-ensemble] ${line}\n`);
const FOLDS = [1, 2, 3, 4, 5];

type Shape = "B" | "R" | "W";
const SHAPES: Shape[] = ["B", "R", "W"];
type Mix = "BRW" | "BBR";
/** A unit: the shape of each of its three members, by seed. */
type Members = [Shape, number][];

const read = await openSavedRuns(devDraws.length > 0);

/** The units of a mix over `seeds` (W only where `wSeeds` has it), each beside its all-B control. */
function unitsOf(mix: Mix, seeds: readonly number[], wSeeds: readonly number[]): Members[] {
  if (mix === "BBR")
    return subsets([...seeds], 3, true).flatMap((triple) =>
      triple.map(
        (r): Members => [
          ...triple.filter((s) => s !== r).map((s): [Shape, number] => ["B", s]),
          ["R", r],
        ],
      ),
    );
  return wSeeds.flatMap((w) => {
    const rest = seeds.filter((s) => s !== w);
    return rest.flatMap((a) =>
      rest
        .filter((b) => b !== a)
        .map(
          (b): Members => [
            ["B", a],
            ["R", b],
            ["W", w],
          ],
        ),
    );
  });
}
const control = (unit: Members): Members => unit.map(([, s]) => ["B", s]);
const label = (unit: Members) => unit.map(([shape, s]) => `${shape}${s}`).join(" ");

if (foldDirs.length > 0) {
  const byShape = new Map(
    foldDirs.map((dir, i) => [
      SHAPES[i] as Shape,
      runsIn(read, [dir]).filter((r) => r.fold !== null),
    ]),
  );
  const find = (shape: Shape, fold: number, seed: number): SavedRun => {
    const run = byShape.get(shape)?.find((r) => r.fold === fold && r.seed === seed);
    if (!run) throw new Error(`no ${shape} run of fold ${fold}, seed ${seed}`);
    return run;
  };
  /** A unit's decisions over the five slices (selection on k, evaluation on k + 1). */
  const pooled = (unit: Members) =>
    FOLDS.flatMap((k) => decideEnsemble(unit.map(([shape, s]) => find(shape, k, s))));
  // every unit decides the same 200 documents: the five evaluation slices
  const documents = FOLDS.flatMap((k) => find("B", k, 1).split.split.evaluationDocuments);
  const seeds = [1, 2, 3, 4];
  const wSeeds = [...new Set(byShape.get("W")?.map((r) => r.seed))].sort((a, b) => a - b);
  for (const mix of ["BRW", "BBR"] as Mix[]) {
    if (mix === "BRW" && wSeeds.length === 0) continue;
    console.log(`\n### Train folds, ${mix} − BBB (the five slices' 200 documents pooled)\n`);
    console.log(
      "| unit | BBB pair / +type / all | mix pair / +type / all | Δ pair | Δ +type | Δ half |",
    );
    console.log("|---|---|---|---|---|---|");
    const gate = readGate(
      documents,
      unitsOf(mix, seeds, wSeeds).map((unit) => ({
        label: label(unit),
        treatment: pooled(unit),
        control: pooled(control(unit)),
      })),
    );
    for (const [u, row] of gate.rows.entries())
      console.log(
        `| ${row.label} | ${figureCells(row.control)} | ${figureCells(row.treatment)} | ${(100 * (row.treatment.pair - row.control.pair)).toFixed(2)} | ${(100 * (row.treatment.pairType - row.control.pairType)).toFixed(2)} | ${(gate.halves[u] as number).toFixed(2)} |`,
      );
    const { halves, positive, bootstrap: boot } = gate;
    console.log(
      `\n${mix}: mean Δ half ${formatInterval(halves)}, positive in ${positive} of ${halves.length}; document bootstrap ${boot.delta.toFixed(2)} [${boot.lower.toFixed(2)}, ${boot.upper.toFixed(2)}]`,
    );
    const passes = mean(halves) >= 0.3 && positive >= 9 && boot.lower > -0.3;
    console.log(
      `gate (mean ≥ +0.3, positive in ≥ 9 of 12, bootstrap lower bound > −0.3): ${passes ? "passes" : "fails"}`,
    );
  }
}

if (devDraws.length > 0) {
  console.log("\n### Dev, three-model ensembles of consecutive seeds\n");
  console.log("| draw, unit | BBB pair / +type / all | mix pair / +type / all |");
  console.log("|---|---|---|");
  for (const draw of devDraws) {
    const byShape = new Map(
      draw.map((dir, i) => [
        SHAPES[i] as Shape,
        runsIn(read, [dir]).filter((r) => r.fold === null),
      ]),
    );
    const find = (shape: Shape, seed: number) => byShape.get(shape)?.find((r) => r.seed === seed);
    const seeds = [...new Set(byShape.get("B")?.map((r) => r.seed))].sort((a, b) => a - b);
    for (const [a, b, c] of subsets(seeds, 3, false) as [number, number, number][]) {
      const mixes: [Mix, Members][] = [
        [
          "BBR",
          [
            ["B", a],
            ["B", b],
            ["R", c],
          ],
        ],
      ];
      if (byShape.has("W"))
        mixes.unshift([
          "BRW",
          [
            ["B", a],
            ["R", b],
            ["W", c],
          ],
        ]);
      const plainRuns = control(mixes[0]?.[1] ?? []).map(([shape, s]) => find(shape, s));
      if (plainRuns.some((r) => r === undefined)) {
        log(`${draw[0]}: seeds ${a}-${c}: a B run is missing, skipped`);
        continue;
      }
      const first = plainRuns[0] as SavedRun;
      const documents = first.split.split.evaluationDocuments;
      const arms: [string, BioredRelation[]][] = [["BBB", decideEnsemble(plainRuns as SavedRun[])]];
      for (const [mix, unit] of mixes) {
        const runs = unit.map(([shape, s]) => find(shape, s));
        if (runs.some((r) => r === undefined)) continue;
        arms.push([mix, decideEnsemble(runs as SavedRun[])]);
      }
      const figures = arms.map(([, relations]) => documentFigures(documents, relations));
      for (const [i, [arm, relations]] of arms.entries()) {
        const armFigures = figures[i] as EvaluationFigures;
        if (out)
          writeRunRecord(
            join(out, recordFolder(draw[0] as string)),
            arm,
            first,
            armFigures,
            relations,
          );
        if (arm !== "BBB")
          console.log(
            `| ${recordFolder(draw[0] as string)} ${a}-${c} ${arm} | ${figureCells(figures[0] as EvaluationFigures)} | ${figureCells(armFigures)} |`,
          );
      }
    }
  }
  if (out) log(`wrote ${out}`);
}
