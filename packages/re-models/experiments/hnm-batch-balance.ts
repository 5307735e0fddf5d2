// How far BioRED Train's batches are from class balance, default vs ClassBalancedBatches
// (issue 19): the share of relation pairs whose type has fewer than 2 pairs in their batch
// (anchors without an in-batch positive), and the padding each sampler costs. No training.
//   npx tsx experiments/hnm-batch-balance.ts   (BATCH=8, EPOCHS=3)
import { readCollection } from "@biore/bioc-io";
import type { EncodedDocument } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { ClassBalancedBatches, LengthBucketedBatches, batchShortfall } from "../src/index.js";
import { holdOutForSelection } from "../src/experiment/index.js";
import { BIORED_TOKENIZER, HELD_OUT_FRACTION, HELD_OUT_SEED } from "./settings.js";

const trainFile = dataFile("biored", "Train.BioC.XML");
if (!haveData(trainFile)) process.exit(1);
const batchSize = Number(process.env.BATCH ?? 8);
const epochs = Number(process.env.EPOCHS ?? 3);
const { fit } = holdOutForSelection((await readCollection(trainFile)).documents, {
  seed: HELD_OUT_SEED,
  fraction: HELD_OUT_FRACTION,
  dataset: { tokenizerOptions: BIORED_TOKENIZER, maxTokens: 512 },
});

/** Padded token slots over real tokens, summed over the batches. */
function paddingRatio(batches: EncodedDocument[][]): number {
  let slots = 0;
  let real = 0;
  for (const b of batches) {
    const longest = Math.max(...b.map((d) => d.tokenIds.length));
    slots += longest * b.length;
    real += b.reduce((n, d) => n + d.tokenIds.length, 0);
  }
  return slots / real;
}

const samplers = {
  default: new LengthBucketedBatches(),
  "class-balanced (2)": new ClassBalancedBatches({ minPerType: 2 }),
};
console.log(
  `| sampler | batches | relation pairs without an in-batch positive | padded / real tokens |`,
);
console.log("| --- | --- | --- | --- |");
for (const [name, sampler] of Object.entries(samplers)) {
  let short = 0;
  let pad = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const batches = sampler.batches(fit.documents, batchSize, 1, epoch);
    short += batchShortfall(batches, 2) / epochs;
    pad += paddingRatio(batches) / epochs;
  }
  const count = sampler.count(fit.documents, batchSize);
  console.log(`| ${name} | ${count} | ${(short * 100).toFixed(2)} % | ${pad.toFixed(3)} |`);
}
