// Aggregates experiments/results/*.json: per-seed Dev scores, mean ± sd over
// seeds, a document-level bootstrap 95% CI of the seed-mean (Dev documents
// resampled, every seed scored on the same resample), and paired differences
// (HNM - baseline, or COMPARE=a:b,c:d for a - b and c - d). Prints Markdown tables.
//
// RESULTS_DIR may list several folders (comma-separated): rows are then named
// <folder>/<objective>, e.g. COMPARE=results-final/baseline:results-random/baseline.
import { readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readCollection } from "@biore/bioc-io";
import {
  type BioredDocumentCounts,
  type BioredRelation,
  type MatchCounts,
  bioredDocumentCounts,
  pairedBootstrap,
  relationsFromBioC,
} from "@biore/re-metrics";
import { dataFile } from "@biore/test-data";
import { mulberry32 as createRng } from "@biore/internal";

const here = dirname(fileURLToPath(import.meta.url));
const resultsDirs = (process.env.RESULTS_DIR ?? join(here, "results")).split(",");
const ITERATIONS = Number(process.env.ITERATIONS ?? 1000);

interface RunFile {
  objective: string;
  seed: number;
  predictions: BioredRelation[];
  training: { bestEpoch: number; bestValidationF1: number | null; history: unknown[] };
  seconds: { wall: number; cpu: number };
  /** Dev gold relations' embedding quality, in both spaces (runs since the HNM fixes). */
  embeddings?: Record<"pair" | "projection", { ari: number; mapAtR: number }>;
}

/** A run and the table row it belongs to. */
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

const f1 = (c: MatchCounts) => (c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn));
type Metric = "pair" | "pairType" | "all" | "macro" | "rare";
const METRICS: Metric[] = ["pair", "pairType", "all", "macro", "rare"];
/** Rare types: fewer than 50 gold relations in Dev (BioRED Dev: Bind, Comparison, Cotreatment). */
const rareTypes = goldTypes.filter((t) => gold.filter((r) => r.type === t).length < 50);

/** Scores of one run on the documents at `sample` (indices into documentIds). */
function score(counts: BioredDocumentCounts[], sample: ArrayLike<number>): Record<Metric, number> {
  const levels = {
    pair: { tp: 0, fp: 0, fn: 0 },
    pairType: { tp: 0, fp: 0, fn: 0 },
    all: { tp: 0, fp: 0, fn: 0 },
  };
  const perType = new Map<string, MatchCounts>(goldTypes.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  for (let i = 0; i < sample.length; i++) {
    const doc = counts[sample[i] as number] as BioredDocumentCounts;
    for (const level of ["pair", "pairType", "all"] as const) {
      levels[level].tp += doc.levels[level].tp;
      levels[level].fp += doc.levels[level].fp;
      levels[level].fn += doc.levels[level].fn;
    }
    for (const [type, c] of Object.entries(doc.perType)) {
      const t = perType.get(type);
      if (!t) continue; // predicted types absent from gold do not get a macro slot
      t.tp += c.pairType.tp;
      t.fp += c.pairType.fp;
      t.fn += c.pairType.fn;
    }
  }
  const macro =
    goldTypes.reduce((s, t) => s + f1(perType.get(t) as MatchCounts), 0) / goldTypes.length;
  const rare =
    rareTypes.reduce((s, t) => s + f1(perType.get(t) as MatchCounts), 0) /
    Math.max(1, rareTypes.length);
  return {
    pair: f1(levels.pair),
    pairType: f1(levels.pairType),
    all: f1(levels.all),
    macro,
    rare,
  };
}

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

const all = documentIds.map((_, i) => i);
const rng = createRng(0);
const samples = Array.from({ length: ITERATIONS }, () =>
  Int32Array.from(all, () => Math.floor(rng() * all.length)),
);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const pct = (x: number) => (100 * x).toFixed(1);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))] as number;
};
const seedMean = (
  list: { counts: BioredDocumentCounts[] }[],
  sample: ArrayLike<number>,
  metric: Metric,
) => mean(list.map((r) => score(r.counts, sample)[metric]));

console.log(
  `| objective | seeds | pair F1 | +type F1 | all (+type +novelty) F1 | macro-F1 (types) | macro-F1 (rare types: ${rareTypes.join(", ")}) | best epochs | held-out +type F1 | CPU s/run |`,
);
console.log(`|---|---|---|---|---|---|---|---|---|---|`);
for (const [objective, list] of [...byObjective].sort()) {
  list.sort((a, b) => a.seed - b.seed);
  const cells = METRICS.map((metric) => {
    const perSeed = list.map((r) => score(r.counts, all)[metric]);
    const boot = samples.map((s) => seedMean(list, s, metric));
    return `${pct(mean(perSeed))} ± ${pct(sd(perSeed))} [${pct(quantile(boot, 0.025))}, ${pct(quantile(boot, 0.975))}] (${perSeed.map(pct).join(" / ")})`;
  });
  const epochs = list.map((r) => r.run.training.bestEpoch).join("/");
  const cpu = mean(list.map((r) => r.run.seconds.cpu)).toFixed(0);
  // The model-selection score (held-out slice of Train) next to Dev, so choices can be checked.
  const heldOut = pct(mean(list.map((r) => r.run.training.bestValidationF1 ?? 0)));
  console.log(
    `| ${objective} | ${list.map((r) => r.seed).join(",")} | ${cells.join(" | ")} | ${epochs} | ${heldOut} | ${cpu} |`,
  );
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
  const first = byObjective.get(a);
  const second = byObjective.get(b);
  if (!first || !second) continue;
  console.log(
    `\n| ${a} - ${b} (re-metrics pairedBootstrap over Dev documents, ${ITERATIONS} resamples) | delta | 95% CI | p (one-sided) |`,
  );
  console.log(`|---|---|---|---|`);
  // A unit is one Dev document of one system (all its seeds); both sides draw the same documents.
  type Unit = { list: typeof first; doc: number };
  const unitsOf = (list: typeof first): Unit[] => all.map((doc) => ({ list, doc }));
  for (const metric of METRICS) {
    const result = pairedBootstrap(
      unitsOf(first),
      unitsOf(second),
      (sample: readonly Unit[]) =>
        sample.length === 0
          ? 0
          : seedMean(
              (sample[0] as Unit).list,
              sample.map((u) => u.doc),
              metric,
            ),
      { iterations: ITERATIONS, seed: 0 },
    );
    const d = result.difference;
    console.log(
      `| ${metric} | ${pct(d.estimate)} | [${pct(d.lower)}, ${pct(d.upper)}] | ${result.pValue.toFixed(3)} |`,
    );
  }
}
