// A teacher that carries the linear typer (round 3.2, summaries/fused-teacher-round32.md): a
// saved teacher's network logits on the fit documents with the typer fused in as the library
// fuses it (w = 0.75), the typer **cross-fitted** — each fifth of the fit documents gets the
// log-probabilities of a typer fitted on the other four fifths (L2 as the split's own typer
// chose it), so a student never learns a typer's view of the pairs that typer was fitted on.
//
//   TEACHER=<teacher.json> OUT=<fused.json> npx tsx experiments/distillation/fused-teacher.ts
import { readFileSync } from "node:fs";
import { readCollection } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import type { PairScores } from "../../src/index.js";
import {
  DEFAULT_TYPER_FUSION,
  type TyperInputs,
  fitLinearTyper,
  fuseTyperScores,
  typerInputs,
} from "../../src/typer/index.js";
import { usualSplitWithDev } from "../selection/split.js";
import { withTyper } from "../selection/split-typer.js";
import { readTeacherFile, writeTeacherFile } from "./teacher-file.js";

const FOLDS = 5;
const teacherPath = process.env.TEACHER;
const outPath = process.env.OUT;
if (!teacherPath || !outPath) {
  console.error(
    "usage: TEACHER=<teacher.json> OUT=<fused.json> npx tsx experiments/distillation/fused-teacher.ts",
  );
  process.exit(1);
}
const about = (JSON.parse(readFileSync(teacherPath, "utf8")) as { about: Record<string, unknown> })
  .about;
if (about.fold !== null) throw new Error(`${teacherPath}: only Dev-split teachers (fold null)`);
const maxTokens = (about.settings as { maxTokens: number }).maxTokens;

const trainFile = dataFile("biored", "Train.BioC.XML");
const devFile = dataFile("biored", "Dev.BioC.XML");
if (!haveData(trainFile, devFile)) process.exit(1);
const split = usualSplitWithDev(
  (await readCollection(trainFile)).documents,
  (await readCollection(devFile)).documents,
  maxTokens,
);
const labels = split.fit.labelSpace.labels;
const teacher = readTeacherFile(teacherPath, labels);
const { typer: whole } = withTyper(split, () => {});
const inputs = typerInputs(split.fit, split.fitDocuments);

// the pairs of each fit document, in score order (documents, then pairs)
const starts: number[] = [];
let next = 0;
for (const pairs of split.fit.pairs) {
  starts.push(next);
  next += pairs.length;
}
const pairsOf = (docs: number[]) =>
  docs.flatMap((d) => Array.from(split.fit.pairs[d] ?? [], (_, i) => (starts[d] as number) + i));
const subset = (rows: number[]): TyperInputs => ({
  features: rows.map((r) => inputs.features[r] as string[]),
  typePairs: rows.map((r) => inputs.typePairs[r] as string),
  labelIds: Int32Array.from(rows, (r) => inputs.labelIds[r] as number),
  options: inputs.options,
});

const numLabels = labels.length;
const fused = new Map<string, Float32Array>();
// type accuracy on the gold-related fit pairs (argmax over the types), before and after fusion
const right = { network: 0, fused: 0, pairs: 0 };
const bestType = (row: Float32Array, at: number) => {
  let best = 1;
  for (let c = 2; c < numLabels; c++)
    if ((row[at + c] as number) > (row[at + best] as number)) best = c;
  return best;
};
const documents = split.fit.documents;
for (let k = 0; k < FOLDS; k++) {
  const held = documents.map((_, d) => d).filter((d) => d % FOLDS === k);
  const rest = documents.map((_, d) => d).filter((d) => d % FOLDS !== k);
  const { typer } = fitLinearTyper(subset(pairsOf(rest)), { labels, l2: whole.l2 });
  for (const d of held) {
    const id = documents[d]?.documentId as string;
    const rows = pairsOf([d]);
    if (rows.length === 0) {
      fused.set(id, new Float32Array(0)); // no candidate pair: nothing to fuse
      continue;
    }
    const logits = teacher.get(id);
    if (logits?.length !== rows.length * numLabels)
      throw new Error(`${teacherPath}: no logits of the ${rows.length} pairs of ${id}`);
    const scores: PairScores = {
      numPairs: rows.length,
      numLabels,
      relationLogits: logits,
      noveltyLogits: new Float32Array(rows.length),
      embeddingDim: 0,
      labelIds: new Int32Array(rows.length),
      novelIds: new Int32Array(rows.length),
    };
    const withTyper = fuseTyperScores(scores, typer, subset(rows), DEFAULT_TYPER_FUSION);
    fused.set(id, withTyper.relationLogits);
    rows.forEach((r, i) => {
      const gold = inputs.labelIds[r] as number;
      if (gold === 0) return;
      right.pairs++;
      if (bestType(logits, i * numLabels) === gold) right.network++;
      if (bestType(withTyper.relationLogits, i * numLabels) === gold) right.fused++;
    });
  }
  console.log(
    `[fused-teacher] fold ${k + 1}/${FOLDS}: typer on ${rest.length} documents, ${held.length} fused`,
  );
}
writeTeacherFile(outPath, fused, labels, {
  ...about,
  typer: { crossFitted: FOLDS, l2: whole.l2, fusion: DEFAULT_TYPER_FUSION, from: teacherPath },
});
const pct = (n: number) => ((100 * n) / right.pairs).toFixed(1);
console.log(
  `[fused-teacher] type right on ${right.pairs} gold-related fit pairs: network ${pct(right.network)} %, fused ${pct(right.fused)} %`,
);
console.log(`[fused-teacher] ${fused.size} documents -> ${outPath}`);
