// Check that the typer of a TRAIN_FRACTION fusion sees the network's documents: the type mask
// a run stored in its Dev scores (set from the documents it trained on) must equal the mask of
// the fit subset train-fraction.ts rebuilds, and differ for another seeded subset of the same
// size (so the check can tell subsets apart). Also prints the fusion inputs' fit counts.
//
//   F=0.25 RUNS="results-r26-curve-0.25/baseline-s1 results-r26-curve-0.25/hnm-s1" \
//     npx tsx experiments/train-fraction-check.ts
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import { shuffled } from "@biore/relation-dataset";
import { dataFile } from "@biore/test-data";
import { encodeLike, holdOutForSelection } from "../src/experiment/index.js";
import { MASKED_LOGIT, typeMaskValues } from "../src/model/type-mask.js";
import { type RunScores, pairScores } from "./pair-scores.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED } from "./settings.js";
import { keptForFraction } from "./train-fraction.js";
import { networkAllowed } from "./typer/fusion.js";
import { devFusionInputs, loadRunScores } from "./typer/fusion-inputs.js";
const here = dirname(fileURLToPath(import.meta.url));
const f = Number(process.env.F);
if (!(f > 0 && f < 1)) {
  console.error(
    'usage: F=0.25 RUNS="results-x/baseline-s1 ..." npx tsx experiments/train-fraction-check.ts',
  );
  process.exit(1);
}
const inputs = await devFusionInputs({}, f);
const train = await readCollection(dataFile("biored", "Train.BioC.XML"));
const split = holdOutForSelection(train.documents, {
  seed: HELD_OUT_SEED,
  fraction: HELD_OUT_FRACTION,
  dataset: { tokenizerOptions: BIORED_TOKENIZER, maxTokens: 512 },
});
const dev = encodeLike(
  split.fit,
  (await readCollection(dataFile("biored", "Dev.BioC.XML"))).documents,
  { maxTokens: 512 },
);
const config = { numEntityTypes: split.fit.entityTypes.size, numLabels: split.fit.labelSpace.size };
const subsets = {
  kept: keptForFraction(split.fit.documents, f),
  other: shuffled(split.fit.documents, HELD_OUT_SEED + 1).slice(
    0,
    Math.round(split.fit.documents.length * f),
  ),
};
const gold = (docs: typeof subsets.kept) =>
  docs.reduce((n, d) => n + Array.from(d.labelIds).filter((x) => x > 0).length, 0);
console.log(
  `F ${f}: fusion inputs fit docs ${inputs.fitDocuments}, gold fit pairs ${Array.from(inputs.fitPairs.labelIds).filter((x) => x > 0).length}; kept subset ${subsets.kept.length} docs, gold pairs ${gold(subsets.kept)}`,
);
/** Dev pairs on which the mask of `docs` allows other types than the network's stored logits. */
function pairsWhereMasksDiffer(docs: typeof subsets.kept, allowed: Uint8Array[]): number {
  const mask = typeMaskValues(docs, config);
  const { numEntityTypes: nt, numLabels: l } = config;
  let p = 0;
  let differ = 0;
  for (const doc of dev.documents)
    for (let k = 0; k < doc.pairHead.length; k++, p++) {
      const h = Math.min(doc.conceptTypeIds[doc.pairHead[k] as number] as number, nt - 1);
      const t = Math.min(doc.conceptTypeIds[doc.pairTail[k] as number] as number, nt - 1);
      const net = allowed[p] as Uint8Array;
      for (let c = 1; c < l; c++)
        if ((mask[(h * nt + t) * l + c] !== MASKED_LOGIT ? 1 : 0) !== net[c - 1]) {
          differ++;
          break;
        }
    }
  return differ;
}

for (const run of (process.env.RUNS ?? "").split(" ").filter(Boolean)) {
  const [scores] = loadRunScores(here, [run], inputs) as [RunScores];
  const allowed = networkAllowed(pairScores(scores.dev));
  for (const [name, docs] of Object.entries(subsets))
    console.log(
      `${run}: ${name} subset's type mask differs from the network's on ${pairsWhereMasksDiffer(docs, allowed)} of ${allowed.length} Dev pairs`,
    );
}
