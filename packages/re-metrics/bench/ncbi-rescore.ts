// Re-scores stored BioRED Dev predictions with both rule sets, next to the scores stored with
// them: `pnpm --filter @biore/re-metrics exec tsx bench/ncbi-rescore.ts <dir-or-json>...`.
// Each JSON holds `predictions` (BioredRelation[]) and `dev` ({pair, pairType, ...}.f1), as
// @biore/re-models' experiments write them.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { readCollection } from "@biore/bioc-io";
import { dataFile } from "@biore/test-data";
import {
  BIORED_LEVELS,
  type BioredRelation,
  bioredScores,
  relationsFromBioC,
} from "../src/index.js";

const dev = await readCollection(dataFile("biored", "Dev.BioC.XML"));
const gold = relationsFromBioC(dev);
const files = process.argv.slice(2).flatMap((path) =>
  statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(path, f))
    : [path],
);
const pct = (x: number) => (100 * x).toFixed(2).padStart(6);
console.log("F1 % at pair / +type / +novelty / all: stored | all-pairs | ncbi (default)");
for (const file of files) {
  const run = JSON.parse(readFileSync(file, "utf8")) as {
    predictions?: BioredRelation[];
    dev?: Record<string, { f1: number }>;
  };
  if (!run.predictions || !run.dev) continue;
  const options = { entityTypes: dev, documentIds: dev.documents.map((d) => d.id) };
  const ncbi = bioredScores(gold, run.predictions, options);
  const allPairs = bioredScores(gold, run.predictions, { ...options, rules: "all-pairs" });
  const row = (f1: (level: (typeof BIORED_LEVELS)[number]) => number) =>
    BIORED_LEVELS.map((l) => pct(f1(l))).join(" ");
  console.log(
    `${file}\n  ${row((l) => run.dev![l]!.f1)} | ${row((l) => allPairs[l].f1)} | ${row((l) => ncbi[l].f1)}  (${ncbi.excluded.predicted} predicted pairs excluded)`,
  );
}
