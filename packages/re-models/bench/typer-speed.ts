// The linear typer's cost on BioRED Dev, by phase (words of each document, feature names of
// each pair, log-probabilities), medians of several runs, and a digest of every feature name
// and log-probability so a faster version can be checked byte-identical:
// `pnpm --filter @biore/re-models exec tsx bench/typer-speed.ts [typer.json] [runs]`
// (without a typer.json, one is fitted on Train with the default L2).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type BioCDocument, readCollection } from "@biore/bioc-io";
import { buildDataset } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { type DocumentWords, documentWords, pairFeatures } from "../src/typer/features.js";
import { fitLinearTyper } from "../src/typer/fit-typer.js";
import { typerInputs } from "../src/typer/inputs.js";
import { LinearTyper } from "../src/typer/linear-typer.js";

if (!haveData(dataFile("biored", "Dev.BioC.JSON"), dataFile("biored", "Train.BioC.XML"))) {
  console.log("typer-speed: ../shared/data/biored is absent; skipped");
  process.exit(0);
}
const typerPath = process.argv[2];
const runs = Number(process.argv[3] ?? 7);
const dev = (await readCollection(dataFile("biored", "Dev.BioC.JSON"))).documents;
const devData = buildDataset(dev);
let typer: LinearTyper;
if (typerPath) typer = LinearTyper.fromJSON(JSON.parse(readFileSync(typerPath, "utf8")));
else {
  const train = (await readCollection(dataFile("biored", "Train.BioC.XML"))).documents;
  const trainData = buildDataset(train);
  const fit = typerInputs(trainData, train);
  typer = fitLinearTyper(fit, { labels: trainData.labelSpace.labels }).typer;
}
const options = typer.featureOptions;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const times = {
  words: [] as number[],
  features: [] as number[],
  inputs: [] as number[],
  scores: [] as number[],
};
let digest = "";
let pairs = 0;
for (let run = 0; run < runs; run++) {
  let t = performance.now();
  const words = devData.pairs.map((ps, d) =>
    ps.length === 0 ? undefined : documentWords(dev[d] as BioCDocument, devData.concepts[d] ?? []),
  );
  times.words.push(performance.now() - t);
  t = performance.now();
  devData.pairs.forEach((ps, d) => {
    for (const pair of ps) pairFeatures(words[d] as DocumentWords, pair, options);
  });
  times.features.push(performance.now() - t);
  t = performance.now();
  const inputs = typerInputs(devData, dev, options);
  times.inputs.push(performance.now() - t);
  t = performance.now();
  const logps = inputs.features.map((names, i) =>
    typer.logProbabilities(names, inputs.typePairs[i] as string),
  );
  times.scores.push(performance.now() - t);
  const hash = createHash("sha256");
  inputs.features.forEach((names, i) => {
    hash.update(names.join("\u0000"));
    hash.update(new Uint8Array((logps[i] as Float64Array).buffer));
  });
  const d = hash.digest("hex").slice(0, 16);
  if (digest && d !== digest) throw new Error(`digest changed between runs: ${digest} ${d}`);
  digest = d;
  pairs = logps.length;
}
console.log(`BioRED Dev: ${dev.length} documents, ${pairs} pairs, ${runs} runs (medians)`);
console.log(`  documentWords  ${median(times.words).toFixed(1)} ms`);
console.log(`  pairFeatures   ${median(times.features).toFixed(1)} ms`);
console.log(`  typerInputs    ${median(times.inputs).toFixed(1)} ms (both of the above)`);
console.log(`  logProbs       ${median(times.scores).toFixed(1)} ms`);
console.log(`  digest ${digest} (feature names + log-probabilities of every pair)`);
