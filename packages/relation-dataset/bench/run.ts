// Benchmark: encoding all of BioRED Train (concepts, pairs, tokenization, features), against
// the time to read the file in the same run. Goal: encoding < 5 s.
// Run: pnpm --filter @biore/relation-dataset bench
import { readFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { parseCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { buildDataset, collate } from "../src/index.js";
import { printOovReport } from "./oov.js";

const file = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (!haveData(file, devFile)) process.exit(0);

const REPEATS = 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
};

const text = await readFile(file, "utf8");
const readMs: number[] = [];
const fitMs: number[] = [];
const reuseMs: number[] = [];
const collateMs: number[] = [];
let summary = "";
for (let r = 0; r < REPEATS; r++) {
  const [collection, tRead] = time(() => parseCollection(text, { file }));
  const [fitted, tFit] = time(() => buildDataset(collection.documents));
  const [, tReuse] = time(() =>
    buildDataset(collection.documents, {
      tokenizer: fitted.tokenizer,
      labelSpace: fitted.labelSpace,
      entityTypes: fitted.entityTypes,
    }),
  );
  const [, tCollate] = time(() => {
    for (let i = 0; i < fitted.documents.length; i += 8) collate(fitted.documents.slice(i, i + 8));
  });
  readMs.push(tRead);
  fitMs.push(tFit);
  reuseMs.push(tReuse);
  collateMs.push(tCollate);
  const rep = fitted.report;
  summary = `${rep.documents} documents, ${rep.concepts} concepts, ${rep.candidatePairs} pairs, ${fitted.tokenizer.vocabSize} vocab, tokens p50 ${rep.tokenLengths.p50}`;
}
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const read = median(readMs);
console.log(`BioRED Train: ${summary}`);
console.log(
  `median of ${REPEATS} runs (node ${process.version}, ${cpus().length} cpus, load average ${loadavg()[0]!.toFixed(1)})`,
);
console.log(`  reference: parse Train.BioC.XML (bioc-io)        ${fmt(read)}`);
console.log(
  `  buildDataset, fitting tokenizer/labels/types     ${fmt(median(fitMs))}  (${(median(fitMs) / read).toFixed(2)}x read)  goal < 5 s`,
);
console.log(
  `  buildDataset, reusing a fitted tokenizer         ${fmt(median(reuseMs))}  (${(median(reuseMs) / read).toFixed(2)}x read)`,
);
console.log(`  collate into batches of 8 documents              ${fmt(median(collateMs))}`);

printOovReport(
  parseCollection(text, { file }).documents,
  parseCollection(await readFile(devFile, "utf8")).documents,
);
