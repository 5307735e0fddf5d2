// Step 1 of the pre-training experiment: word2vec token vectors on unlabeled text
// (BC6PM triage + BioRED Train minus held-out; never Dev), ids from the tokenizer
// that experiments/biored.ts fits on BioRED Train. Reports throughput and nearest
// neighbours, writes the vectors for step 2 (pretraining-train.ts).
//
//   npx tsx experiments/pretraining-vectors.ts   # W2V_METHOD=cbow for CBOW
import { mkdirSync, writeFileSync } from "node:fs";
import { PAD_ID, UNK_ID } from "@biore/relation-dataset";
import { modelShape } from "../src/index.js";
import {
  type WordVectorMethod,
  encodeUnlabeledSentences,
  nearestNeighbours,
  trainWordVectors,
  vocabularyFingerprint,
} from "../src/pretraining/index.js";
import { bioredTrain, unlabeledDocuments } from "./pretraining-data.js";
import { vectorsDir, vectorsPath, vectorsReportPath } from "./pretraining-paths.js";
import { runSettings } from "./settings.js";

const settings = runSettings(process.env);
const method = (process.env.W2V_METHOD ?? "skipgram") as WordVectorMethod;
const log = (line: string) => process.stderr.write(`[w2v ${method}] ${line}\n`);
// Fixed before any run (word2vec's defaults for small corpora); never tuned on Dev.
const options = {
  dim: modelShape(settings.size).embeddingDim,
  window: Number(process.env.W2V_WINDOW ?? 5),
  negative: Number(process.env.W2V_NEGATIVE ?? 5),
  // 2 epochs: the vectors the README's commands make and results/pretraining/vectors-skipgram.json
  // records; another count gives other vectors, hence other runs than the summaries report.
  epochs: Number(process.env.W2V_EPOCHS ?? 2),
  minCount: 2,
  subsample: 1e-3,
  learningRate: method === "cbow" ? 0.05 : 0.025,
  seed: Number(process.env.W2V_SEED ?? 1),
  method,
};
const QUERIES = [
  "mutation",
  "cancer",
  "BRCA1",
  "p53",
  "insulin",
  "kinase",
  "apoptosis",
  "inhibited",
  "patients",
  "phosphorylation",
  "seizures",
  "mice",
];

const { trainDocuments, dataset } = await bioredTrain(settings);
const { tokenizer } = dataset;
const { documents, droppedAsDev } = await unlabeledDocuments(trainDocuments);
const readStart = performance.now();
const sentences = await encodeUnlabeledSentences(documents, tokenizer);
const tokens = sentences.reduce((sum, s) => sum + s.length, 0);
log(
  `${documents.length} documents (${droppedAsDev} BC6PM abstracts dropped as Dev PMIDs), ${sentences.length} sentences, ${tokens} tokens, vocab ${tokenizer.vocabSize}; encoded in ${((performance.now() - readStart) / 1000).toFixed(1)} s`,
);

const start = performance.now();
const cpuStart = process.cpuUsage();
let lastRate = 0;
const vectors = trainWordVectors(sentences, {
  ...options,
  vocabSize: tokenizer.vocabSize,
  skipIds: [PAD_ID, UNK_ID],
  onProgress: (p) => {
    lastRate = p.wordsPerSecond;
    if (p.wordsDone === p.wordsTotal || p.wordsDone % 500_000 < 50_000)
      log(
        `epoch ${p.epoch}/${p.epochs} ${p.wordsDone}/${p.wordsTotal} words, lr ${p.learningRate.toFixed(4)}, ${p.wordsPerSecond.toFixed(0)} words/s`,
      );
  },
});
const wallSeconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const trainedRows = Array.from({ length: tokenizer.vocabSize }, (_, id) => id).filter((id) =>
  vectors.subarray(id * options.dim, (id + 1) * options.dim).some((v) => v !== 0),
).length;
log(
  `trained ${trainedRows}/${tokenizer.vocabSize} rows in ${wallSeconds.toFixed(0)} s wall, ${cpuSeconds.toFixed(0)} s cpu: ${lastRate.toFixed(0)} words/s wall, ${((tokens * options.epochs) / cpuSeconds).toFixed(0)} words/s per cpu-second`,
);

const neighbours: Record<string, string[]> = {};
for (const word of QUERIES) {
  if (!tokenizer.isWholeWord(word)) continue;
  const id = tokenizer.encodeWord(word)[0] as number;
  neighbours[word] = nearestNeighbours(vectors, options.dim, id, 6).map(
    (n) => `${tokenizer.token(n.id)} ${n.similarity.toFixed(2)}`,
  );
  log(`${word}: ${neighbours[word].join(", ")}`);
}

mkdirSync(vectorsDir, { recursive: true });
writeFileSync(
  vectorsPath(method),
  Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength),
);
const report = {
  method,
  options,
  corpus: { documents: documents.length, droppedAsDev, sentences: sentences.length, tokens },
  vocabSize: tokenizer.vocabSize,
  tokenizer: vocabularyFingerprint(tokenizer),
  trainedRows,
  seconds: { wall: wallSeconds, cpu: cpuSeconds },
  wordsPerSecond: { wall: lastRate, cpu: (tokens * options.epochs) / cpuSeconds },
  neighbours,
};
writeFileSync(vectorsReportPath(method), JSON.stringify(report, null, 1));
