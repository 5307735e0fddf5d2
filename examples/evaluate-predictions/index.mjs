// Evaluate a BioC prediction file against gold the way the BioCreative VIII
// BioRED track does (micro P/R/F1 at the pair, pair+type, pair+novelty and
// all levels), with document-level bootstrap 95% confidence intervals.
//
//   npm install @biore/bioc-io @biore/re-metrics
//   node index.mjs --pred predictions.json [--gold Dev.BioC.JSON] [--json scores.json]
//
// Only the gold documents that appear in the prediction file are scored, so a
// prediction file may cover a slice of the split. Gold defaults to BioRED's
// Dev split found via $BIORED_DIR or ../shared/data/biored next to the repo.
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readCollection } from "@biore/bioc-io";
import {
  BIORED_LEVELS,
  bioredDocumentCounts,
  bioredScoresFromCounts,
  bootstrapCIs,
  relationsFromBioC,
} from "@biore/re-metrics";

const { values: args } = parseArgs({
  options: {
    pred: { type: "string" },
    gold: { type: "string" },
    json: { type: "string" },
    iterations: { type: "string", default: "1000" },
  },
});
if (!args.pred)
  fail(
    "usage: node index.mjs --pred <predictions BioC JSON/XML> [--gold <gold BioC>] [--json <out>]",
  );
const goldPath = args.gold ?? defaultGold();

const [gold, predicted] = await Promise.all([readCollection(goldPath), readCollection(args.pred)]);
const documentIds = predicted.documents.map((d) => d.id);
const wanted = new Set(documentIds);
const goldDocs = gold.documents.filter((d) => wanted.has(d.id));
if (goldDocs.length !== wanted.size) {
  const missing = documentIds.filter((id) => !goldDocs.some((d) => d.id === id));
  fail(
    `${missing.length} predicted documents are not in ${goldPath}: ${missing.slice(0, 5).join(", ")}`,
  );
}

// Per-document counts make the bootstrap cheap: resample documents, re-sum counts.
const counts = bioredDocumentCounts(
  relationsFromBioC(goldDocs, { argument: "gold" }),
  // A system that does not predict novelty is scored as predicting "No".
  relationsFromBioC(predicted, { argument: "predictions", defaultNovel: false }),
  { documentIds },
);
const scores = bioredScoresFromCounts(counts);
const cis = bootstrapCIs(
  counts,
  Object.fromEntries(
    BIORED_LEVELS.map((level) => [level, (sample) => bioredScoresFromCounts(sample)[level].f1]),
  ),
  { iterations: Number(args.iterations), seed: 0 },
);

console.log(`${goldDocs.length} documents, ${scores.pair.tp + scores.pair.fn} gold relations`);
console.log("level        precision  recall     F1      95% CI");
for (const level of BIORED_LEVELS) {
  const s = scores[level];
  const ci = cis[level];
  console.log(
    `${level.padEnd(12)} ${pct(s.precision)}    ${pct(s.recall)}    ${pct(s.f1)}  [${pct(ci.lower)}, ${pct(ci.upper)}]`,
  );
}
if (args.json)
  writeFileSync(args.json, `${JSON.stringify({ scores, confidenceIntervals: cis }, null, 2)}\n`);

function pct(x) {
  return `${(100 * x).toFixed(2).padStart(6)}%`;
}

function defaultGold() {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = process.env.BIORED_DIR ?? resolve(here, "../../../shared/data/biored");
  const file = join(dir, "Dev.BioC.JSON");
  if (!existsSync(file)) fail(`no gold file: ${file} not found (pass --gold or set BIORED_DIR)`);
  return file;
}

function fail(message) {
  console.error(`evaluate-predictions: ${message}`);
  process.exit(1);
}
