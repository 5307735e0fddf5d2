// Chooses the typer fusion (variant and weight) by cross-validation on Train (issue 19), so
// that no Dev figure and no single 40-document slice picks it. For each disjoint held-out
// fold of Train (held-out-folds.ts), a fold run of biored.ts (HELD_OUT_FOLD=k SCORES=1) stored
// its network's scores of the fold's slice; here the typer is fitted on that fold's training
// part only (typer.ts's fitTyper: L2 by the log-loss on the fold's held-out gold pairs, helper
// 39's rule), every (variant, w) of the grid fuses the slice's scores with the None bias
// re-tuned on that slice (as the runs tune theirs), and the folds' predictions are scored
// together (5 x 40 documents) with BioRED track scoring. The choice: the best pooled
// pair+type F1; ties -> the smaller w, then the simpler variant (CV_VARIANTS' order; the
// typer's own types count as the largest w). Never reads Dev.
//
//   DIR=results-r25-folds OBJECTIVE=baseline SEED=1 npx tsx experiments/typer-cv.ts
//
// Prints the grid as a Markdown table and the choice; writes <DIR>/typer-cv-<OBJECTIVE>.json.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BioCDocument } from "@biore/bioc-io";
import { readCollection } from "@biore/bioc-io";
import {
  type BioredRelation,
  bioredMacroF1,
  bioredScores,
  relationsFromBioC,
} from "@biore/re-metrics";
import { dataFile, haveData } from "@biore/test-data";
import { foldsFromEnv } from "./held-out-folds.js";
import {
  networkAllowed,
  predictedRelations,
  tunedRule,
  typerBestTypes,
  typerScoresFor,
} from "./typer/fusion.js";
import { foldFusionInputs } from "./typer/fusion-inputs.js";
import { fitTyper, typeLogPriors } from "./typer/typer.js";
import { FUSION_VARIANTS, asEvidence, fusedAt, fusedPredictions } from "./typer/variants.js";

/** The pre-registered grid (summaries/typer-fusion-cv-round25.md), fixed before any run. */
export const CV_WEIGHTS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];
/** Variants, simplest first; "typer-types" (the typer's types on the network's pairs) has no w. */
export const CV_VARIANTS = ["fused", "types", "fused-ev", "typer-types"] as const;
type CvVariant = (typeof CV_VARIANTS)[number];

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.env.DIR ?? "results-r25-folds";
const objective = process.env.OBJECTIVE ?? "baseline";
const seed = Number(process.env.SEED ?? 1);
const folds = foldsFromEnv(process.env.FOLDS);
const log = (line: string) => process.stderr.write(`[typer-cv ${objective}] ${line}\n`);

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) process.exit(1);
const train = await readCollection(trainFile);

/** One grid cell of one fold: its predictions on the fold's slice. */
type Cell = { variant: CvVariant; w: number };
const cells: Cell[] = CV_VARIANTS.flatMap((variant): Cell[] =>
  variant === "typer-types"
    ? [{ variant, w: Number.POSITIVE_INFINITY }]
    : CV_WEIGHTS.map((w) => ({ variant, w })),
);
const cellKey = (c: Cell) => `${c.variant}@${c.w}`;
const predictions = new Map<string, { fold: number; relations: BioredRelation[] }[]>(
  cells.map((c) => [cellKey(c), []]),
);
const slices: BioCDocument[] = [];
const typerRecords: { fold: number; l2: number; fitGoldPairs: number; heldOutGold: number }[] = [];

for (const fold of folds) {
  const path = join(here, dir, `${objective}-f${fold}-s${seed}.scores.json`);
  const { split, fitPairs, slicePairs, net, pairs, labels } = foldFusionInputs(
    path,
    train.documents,
    fold,
  );
  slices.push(...split.validationDocuments);
  const typer = fitTyper(fitPairs, slicePairs, split.fit.labelSpace.size - 1, (line) =>
    log(`fold ${fold}: ${line}`),
  );
  typerRecords.push({
    fold,
    l2: typer.l2,
    fitGoldPairs: fitPairs.labelIds.filter((l) => l !== 0).length,
    heldOutGold: slicePairs.labelIds.filter((l) => l !== 0).length,
  });
  const logp = typerScoresFor(typer, slicePairs, net, (n) =>
    log(`fold ${fold}: warning: ${n} pairs where the typer's seen types differ from the mask`),
  );
  const evidence = asEvidence(
    logp,
    typeLogPriors(fitPairs, slicePairs.typePairs, networkAllowed(net)),
  );
  for (const cell of cells) {
    let relations: BioredRelation[];
    if (cell.variant === "typer-types") {
      relations = predictedRelations(net, tunedRule(net), pairs, labels, typerBestTypes(logp));
    } else {
      const variant = FUSION_VARIANTS.find((v) => v.name === cell.variant);
      if (!variant) throw new Error(`unknown variant ${cell.variant}`);
      const terms = variant.evidence ? evidence : logp;
      // the slice is both where the None bias is tuned and what is scored, as in the runs
      const inputs = { heldOut: net, dev: net, heldOutTyper: terms, devTyper: terms };
      relations = fusedPredictions(fusedAt(variant, inputs, cell.w), pairs, labels);
    }
    predictions.get(cellKey(cell))?.push({ fold, relations });
  }
  log(`fold ${fold}: ${split.validationDocuments.length} documents, l2 ${typer.l2}`);
}

const gold = relationsFromBioC(slices);
const goldTypes = [...new Set(gold.map((r) => r.type))].sort();
const documentIds = slices.map((d) => d.id);
const score = (relations: BioredRelation[], ids: string[]) => {
  const docs = new Set(ids);
  return bioredScores(
    gold.filter((r) => docs.has(r.documentId)),
    relations,
    { entityTypes: slices, documentIds: ids },
  );
};
const rows = cells.map((cell) => {
  const perFold = predictions.get(cellKey(cell)) ?? [];
  const pooled = score(
    perFold.flatMap((f) => f.relations),
    documentIds,
  );
  const foldF1 = perFold.map((f) => {
    return score(
      f.relations,
      slicesOf(f.fold).map((d) => d.id),
    ).pairType.f1;
  });
  return {
    ...cell,
    pair: pooled.pair.f1,
    pairType: pooled.pairType.f1,
    all: pooled.all.f1,
    macro: bioredMacroF1(pooled, goldTypes),
    foldPairType: foldF1,
  };
});

/** The documents of fold `fold`'s slice (folds are read in order, equal sizes). */
function slicesOf(fold: number): BioCDocument[] {
  const size = slices.length / folds.length;
  const i = folds.indexOf(fold);
  return slices.slice(i * size, (i + 1) * size);
}

// best pooled +type; ties (equal F1: integer counts) -> smaller w, then the simpler variant
const order = (v: CvVariant) => CV_VARIANTS.indexOf(v);
const ranked = [...rows].sort(
  (a, b) => b.pairType - a.pairType || a.w - b.w || order(a.variant) - order(b.variant),
);
const chosen = ranked[0] as (typeof rows)[number];

const pct = (x: number) => (100 * x).toFixed(1);
const wText = (w: number) => (Number.isFinite(w) ? String(w) : "–");
console.log(
  `typer L2 per fold: ${typerRecords.map((t) => `f${t.fold} ${t.l2} (${t.fitGoldPairs} fit / ${t.heldOutGold} slice gold pairs)`).join(", ")}`,
);
console.log(
  `\n| variant | w | pooled +type | pooled pair | pooled all | pooled macro | +type per fold (${folds.join(" / ")}) |`,
);
console.log("|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.variant} | ${wText(r.w)} | ${pct(r.pairType)} | ${pct(r.pair)} | ${pct(r.all)} | ${pct(r.macro)} | ${r.foldPairType.map(pct).join(" / ")} |`,
  );
console.log(
  `\nchosen (${objective}, ${slices.length} documents pooled): ${chosen.variant} w=${wText(chosen.w)} (+type ${pct(chosen.pairType)}; unfused ${pct(rows[0]?.pairType ?? 0)})`,
);
writeFileSync(
  join(here, dir, `typer-cv-${objective}.json`),
  // typer-types' w (Infinity) is written as null
  JSON.stringify({ objective, seed, folds, typer: typerRecords, rows, chosen }, null, 1),
);
