// Aggregates experiments/results/*.json: per-seed Dev scores, mean ± sd over
// seeds, a document-level bootstrap 95% CI of the seed-mean (Dev documents
// resampled, every seed scored on the same resample), and paired differences
// (HNM - baseline, or COMPARE=a:b,c:d for a - b and c - d). Prints Markdown tables.
// Every score, interval and test comes from the experiment runner
// (@biore/re-models/experiment: summarizeMetrics, compareMetrics) over re-metrics.
//
// RESULTS_DIR may list several folders (comma-separated): rows are then named
// <folder>/<objective>, e.g. COMPARE=results-final/baseline:results-random/baseline.
// TYPES=Positive_Correlation,Bind adds a table of those types' pair+type F1 (each type's
// F1 over the Dev documents, re-metrics' macro-F1 of one type) and their paired differences.
import { readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import {
  type BioredDocumentCounts,
  type BioredRelation,
  bioredDocumentCounts,
  relationsFromBioC,
} from "@biore/re-metrics";
import { dataFile } from "@biore/test-data";
import {
  type DocumentUnit,
  LEVEL_METRICS,
  compareMetrics,
  documentUnits,
  macroF1Metric,
  summarizeMetrics,
} from "../src/experiment/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const resultsDirs = (process.env.RESULTS_DIR ?? join(here, "results")).split(",");
const ITERATIONS = Number(process.env.ITERATIONS ?? 1000);
/** Every interval and test shares these (re-metrics' seeded bootstrap over Dev documents). */
const BOOTSTRAP = { iterations: ITERATIONS, seed: 0 };

interface RunFile {
  objective: string;
  seed: number;
  predictions: BioredRelation[];
  training: { bestEpoch: number; bestValidationF1: number | null; history: unknown[] };
  seconds: { wall: number; cpu: number };
  /** Dev gold relations' embedding quality, in both spaces (runs since the HNM fixes). */
  embeddings?: Record<"pair" | "projection", { ari: number; mapAtR: number }>;
}

/** SEEDS=1,2,3 keeps only those seeds, so rows with more seeds compare on the same ones. */
const seedFilter = process.env.SEEDS ? new Set(process.env.SEEDS.split(",").map(Number)) : null;
const runs: { row: string; run: RunFile }[] = resultsDirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".scores.json"))
    .map((f) => {
      const run = JSON.parse(readFileSync(join(dir, f), "utf8")) as RunFile;
      const row = resultsDirs.length > 1 ? `${basename(dir)}/${run.objective}` : run.objective;
      return { row, run };
    })
    .filter(({ run }) => !seedFilter || seedFilter.has(run.seed)),
);
const dev = await readCollection(dataFile("biored", "Dev.BioC.XML"));
const gold = relationsFromBioC(dev);
const documentIds = dev.documents.map((d) => d.id);
const goldTypes = [...new Set(gold.map((r) => r.type))].sort();

/** Rare types: fewer than 50 gold relations in Dev (BioRED Dev: Bind, Comparison, Cotreatment). */
const rareTypes = goldTypes.filter((t) => gold.filter((r) => r.type === t).length < 50);
/** The table's scores, all from re-metrics: micro-F1 at three levels, macro-F1 over types. */
const METRICS = {
  pair: LEVEL_METRICS.pair,
  pairType: LEVEL_METRICS.pairType,
  all: LEVEL_METRICS.all,
  macro: macroF1Metric(goldTypes),
  rare: macroF1Metric(rareTypes),
};
type Metric = keyof typeof METRICS;
/** TYPES: per-type pair+type F1 of the named relation types. */
const TYPE_METRICS = Object.fromEntries(
  (process.env.TYPES ?? "")
    .split(",")
    .filter((t) => t !== "")
    .map((t) => [t, macroF1Metric([t])]),
);

/** Each row's runs, with the row's Dev documents as bootstrap units (every seed per document). */
const byObjective = new Map<
  string,
  { seed: number; counts: BioredDocumentCounts[]; run: RunFile }[]
>();
for (const { row, run } of runs) {
  const counts = bioredDocumentCounts(gold, run.predictions, { documentIds, entityTypes: dev });
  const order = new Map(counts.map((c, i) => [c.documentId, i]));
  const aligned = documentIds.map((id) => counts[order.get(id) as number] as BioredDocumentCounts);
  const list = byObjective.get(row) ?? [];
  list.push({ seed: run.seed, counts: aligned, run });
  byObjective.set(row, list);
}
for (const list of byObjective.values()) list.sort((a, b) => a.seed - b.seed);
const unitsOf = new Map<string, DocumentUnit[]>(
  [...byObjective].map(([row, list]) => [
    row,
    documentUnits(
      list.map((r) => r.counts),
      { perType: true },
    ),
  ]),
);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => (100 * x).toFixed(1);

console.log(
  `| objective | seeds | pair F1 | +type F1 | all (+type +novelty) F1 | macro-F1 (types) | macro-F1 (rare types: ${rareTypes.join(", ")}) | best epochs | held-out +type F1 | CPU s/run |`,
);
console.log(`|---|---|---|---|---|---|---|---|---|---|`);
for (const [objective, list] of [...byObjective].sort()) {
  const summary = summarizeMetrics(unitsOf.get(objective) as DocumentUnit[], METRICS, BOOTSTRAP);
  const cells = (Object.keys(METRICS) as Metric[]).map((metric) => {
    const s = summary[metric];
    return `${pct(s.mean)} ± ${pct(s.sd)} [${pct(s.interval.lower)}, ${pct(s.interval.upper)}] (${s.perSeed.map(pct).join(" / ")})`;
  });
  const epochs = list.map((r) => r.run.training.bestEpoch).join("/");
  const cpu = mean(list.map((r) => r.run.seconds.cpu)).toFixed(0);
  // The model-selection score (held-out slice of Train) next to Dev, so choices can be checked.
  const heldOut = pct(mean(list.map((r) => r.run.training.bestValidationF1 ?? 0)));
  console.log(
    `| ${objective} | ${list.map((r) => r.seed).join(",")} | ${cells.join(" | ")} | ${epochs} | ${heldOut} | ${cpu} |`,
  );
}

if (Object.keys(TYPE_METRICS).length > 0) {
  const types = Object.keys(TYPE_METRICS);
  console.log(`\n| objective | ${types.map((t) => `${t} F1`).join(" | ")} |`);
  console.log(`|---|${types.map(() => "---|").join("")}`);
  for (const [objective] of [...byObjective].sort()) {
    const summary = summarizeMetrics(
      unitsOf.get(objective) as DocumentUnit[],
      TYPE_METRICS,
      BOOTSTRAP,
    );
    const cells = types.map((t) => {
      const x = summary[t] as (typeof summary)[string];
      return `${pct(x.mean)} [${pct(x.interval.lower)}, ${pct(x.interval.upper)}] (${x.perSeed.map(pct).join(" / ")})`;
    });
    console.log(`| ${objective} | ${cells.join(" | ")} |`);
  }
}

const withEmbeddings = [...byObjective].filter(([, list]) => list.every((r) => r.run.embeddings));
if (withEmbeddings.length > 0) {
  console.log(
    "\n| objective | pair-embedding ARI | pair-embedding MAP@R | projection ARI | projection MAP@R |",
  );
  console.log("|---|---|---|---|---|");
  for (const [objective, list] of withEmbeddings.sort()) {
    const cell = (space: "pair" | "projection", key: "ari" | "mapAtR") =>
      mean(list.map((r) => r.run.embeddings?.[space][key] ?? 0)).toFixed(3);
    console.log(
      `| ${objective} | ${cell("pair", "ari")} | ${cell("pair", "mapAtR")} | ${cell("projection", "ari")} | ${cell("projection", "mapAtR")} |`,
    );
  }
}

/** Row pairs to compare: COMPARE=a:b,... or HNM - baseline within each folder. */
const comparisons: [string, string][] = process.env.COMPARE
  ? process.env.COMPARE.split(",").map((pair) => {
      const [a, b] = pair.split(":");
      return [a as string, b as string];
    })
  : resultsDirs.map((dir) => {
      const prefix = resultsDirs.length > 1 ? `${basename(dir)}/` : "";
      return [`${prefix}hnm`, `${prefix}baseline`];
    });
for (const [a, b] of comparisons) {
  const first = unitsOf.get(a);
  const second = unitsOf.get(b);
  if (!first || !second) continue;
  console.log(
    `\n| ${a} - ${b} (re-metrics pairedBootstrap over Dev documents, ${ITERATIONS} resamples) | delta | 95% CI | p (one-sided) |`,
  );
  console.log(`|---|---|---|---|`);
  // Both sides draw the same Dev documents; each side's statistic is its seed mean.
  const tests: Record<string, ReturnType<typeof compareMetrics>[string]> = compareMetrics(
    first,
    second,
    { ...METRICS, ...TYPE_METRICS },
    BOOTSTRAP,
  );
  for (const metric of [...Object.keys(METRICS), ...Object.keys(TYPE_METRICS)]) {
    const t = tests[metric];
    if (!t) throw new Error(`no paired test for ${metric}`);
    console.log(
      `| ${metric} | ${pct(t.difference)} | [${pct(t.interval.lower)}, ${pct(t.interval.upper)}] | ${t.pValue.toFixed(3)} |`,
    );
  }
}
