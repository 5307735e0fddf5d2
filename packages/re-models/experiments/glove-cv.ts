// The GloVe study's selection on Train (issue 19; summaries/glove-init.md): for each variant's
// fold runs (biored.ts HELD_OUT_FOLD=k SEED=k SCORES=1, one folder per variant), the held-out
// slice's BioRED track scores — the network alone and the linear typer fused at w = 0.75
// ("fused", the library's weight; typer fitted on the fold's training part as typer-cv.ts
// does) — per fold, and each variant's per-fold difference from the reference variant with
// its mean and 95 % Student-t interval. Never reads Dev.
//
//   VARIANTS="w2v:results-glove-folds/w2v w2v-glove:results-glove-folds/w2v-glove" FOLDS=1,2,3,4 \
//     npx tsx experiments/glove-cv.ts
//
// The first variant is the reference. Writes <first variant's folder>/../glove-cv.json.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import { bioredMacroF1, bioredScores, relationsFromBioC } from "@biore/re-metrics";
import { dataFile, haveData } from "@biore/test-data";
import { foldsFromEnv } from "./held-out-folds.js";
import { typerScoresFor } from "./typer/fusion.js";
import { foldFusionInputs } from "./typer/fusion-inputs.js";
import { type Typer, fitTyper } from "./typer/typer.js";
import { FUSION_VARIANTS, fusedAt, fusedPredictions } from "./typer/variants.js";

/** Fixed in the pre-registration: the library's fusion weight. */
const FUSION_WEIGHT = 0.75;
/** Two-sided 97.5 % Student-t quantiles by degrees of freedom. */
const T975: Record<number, number> = { 1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571 };

const here = dirname(fileURLToPath(import.meta.url));
const variants = (process.env.VARIANTS ?? "")
  .split(/\s+/)
  .filter(Boolean)
  .map((v) => {
    const [name, dir] = v.split(":");
    if (!name || !dir) throw new Error(`VARIANTS entries are name:folder, got "${v}"`);
    return { name, dir: join(here, dir) };
  });
if (variants.length === 0) throw new Error("set VARIANTS (name:folder ...), the reference first");
const folds = foldsFromEnv(process.env.FOLDS ?? "1,2,3,4");
const log = (line: string) => process.stderr.write(`[glove-cv] ${line}\n`);
const fused = FUSION_VARIANTS.find((v) => v.name === "fused");
if (!fused) throw new Error("no fused variant");

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) process.exit(1);
const train = await readCollection(trainFile);

type Scores = { pair: number; pairType: number; all: number; macro: number };
const results: Record<string, Record<number, { net: Scores; fused: Scores }>> = {};
const typers = new Map<number, Typer>();

for (const fold of folds) {
  for (const variant of variants) {
    const path = join(variant.dir, `baseline-f${fold}-s${fold}.scores.json`);
    const { split, fitPairs, slicePairs, net, pairs, labels } = foldFusionInputs(
      path,
      train.documents,
      fold,
    );
    let typer = typers.get(fold);
    if (!typer) {
      typer = fitTyper(fitPairs, slicePairs, split.fit.labelSpace.size - 1, (l) =>
        log(`fold ${fold}: ${l}`),
      );
      typers.set(fold, typer);
    }
    const logp = typerScoresFor(typer, slicePairs, net, (n) =>
      log(
        `fold ${fold} ${variant.name}: ${n} pairs where the typer's seen types differ from the mask`,
      ),
    );
    const slice = split.validationDocuments;
    const gold = relationsFromBioC(slice);
    const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
    const scoreAt = (w: number): Scores => {
      // the slice is both where the None bias is tuned and what is scored, as in the runs
      const inputs = { heldOut: net, dev: net, heldOutTyper: logp, devTyper: logp };
      const relations = fusedPredictions(fusedAt(fused, inputs, w), pairs, labels);
      const s = bioredScores(gold, relations, {
        entityTypes: slice,
        documentIds: slice.map((d) => d.id),
      });
      return {
        pair: s.pair.f1,
        pairType: s.pairType.f1,
        all: s.all.f1,
        macro: bioredMacroF1(s, goldTypes),
      };
    };
    results[variant.name] ??= {};
    (results[variant.name] as Record<number, { net: Scores; fused: Scores }>)[fold] = {
      net: scoreAt(0),
      fused: scoreAt(FUSION_WEIGHT),
    };
    log(`fold ${fold} ${variant.name}: done`);
  }
}

const pct = (x: number) => (100 * x).toFixed(1);
const signed = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)}`;
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const tInterval = (xs: number[]) => {
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, low: Number.NaN, high: Number.NaN };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
  const half = (T975[xs.length - 1] ?? 1.96) * (sd / Math.sqrt(xs.length));
  return { mean: m, low: m - half, high: m + half };
};
const reference = variants[0]?.name as string;
const summary: Record<string, unknown> = {};
for (const kind of ["net", "fused"] as const) {
  console.log(
    `\n### ${kind === "net" ? "network alone" : `typer fused at w = ${FUSION_WEIGHT}`}\n`,
  );
  console.log(
    `| variant | +type per fold (${folds.join(" / ")}) | mean pair | mean +type | mean all | mean macro | Δ +type per fold | Δ +type [95 % t] | Δ pair | Δ all | Δ macro |`,
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const variant of variants) {
    const rows = folds.map((k) => results[variant.name]?.[k]?.[kind] as Scores);
    const refRows = folds.map((k) => results[reference]?.[k]?.[kind] as Scores);
    const d = (key: keyof Scores) => rows.map((r, i) => r[key] - (refRows[i] as Scores)[key]);
    const dType = tInterval(d("pairType"));
    const m = (key: keyof Scores) => mean(rows.map((r) => r[key]));
    summary[`${variant.name}/${kind}`] = {
      perFold: rows,
      deltaPairType: d("pairType"),
      deltaPairTypeInterval: dType,
      deltaPair: mean(d("pair")),
      deltaAll: mean(d("all")),
      deltaMacro: mean(d("macro")),
    };
    console.log(
      `| ${variant.name} | ${rows.map((r) => pct(r.pairType)).join(" / ")} | ${pct(m("pair"))} | ${pct(m("pairType"))} | ${pct(m("all"))} | ${pct(m("macro"))} | ${d("pairType").map(signed).join(" / ")} | ${signed(dType.mean)} [${signed(dType.low)}, ${signed(dType.high)}] | ${signed(mean(d("pair")))} | ${signed(mean(d("all")))} | ${signed(mean(d("macro")))} |`,
    );
  }
}
writeFileSync(
  join(dirname(variants[0]?.dir as string), "glove-cv.json"),
  JSON.stringify({ folds, fusionWeight: FUSION_WEIGHT, reference, summary }, null, 1),
);
