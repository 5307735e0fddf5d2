// Typing on the gold pairs a run finds: for each gold relation type, of the Dev gold pairs a
// run predicts as related, the share it gives the right type and the share it calls
// Association (experiments/confusion.ts's cells, pooled over seeds). One column pair per
// results folder, e.g. with and without a pre-trained encoder:
//
//   npx tsx experiments/type-accuracy.ts experiments/results-a experiments/results-b
//
// OBJECTIVE (default baseline) picks <objective>-s*.json in each folder.
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { readCollection } from "@biore/bioc-io";
import { type BioredRelation, relationsFromBioC } from "@biore/re-metrics";
import { dataFile } from "@biore/test-data";

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error("usage: npx tsx experiments/type-accuracy.ts <results dir>...");
  process.exit(1);
}
const objective = process.env.OBJECTIVE ?? "baseline";
const dev = await readCollection(dataFile("biored", "Dev.BioC.XML"));
const pairKey = (r: BioredRelation) => `${r.documentId}|${[r.entity1, r.entity2].sort().join("|")}`;
const goldType = new Map(relationsFromBioC(dev).map((r) => [pairKey(r), r.type]));

interface Cell {
  found: number;
  right: number;
  association: number;
  runs: number;
}
const table = new Map<string, Map<string, Cell>>(); // type -> dir -> counts
for (const dir of dirs) {
  const files = readdirSync(dir).filter((f) => new RegExp(`^${objective}-s\\d+\\.json$`).test(f));
  for (const file of files) {
    const run = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
      predictions: BioredRelation[];
    };
    const seen = new Set<string>();
    for (const p of run.predictions) {
      const gold = goldType.get(pairKey(p));
      if (!gold || seen.has(pairKey(p))) continue;
      seen.add(pairKey(p));
      const byDir = table.get(gold) ?? new Map<string, Cell>();
      const cell = byDir.get(dir) ?? { found: 0, right: 0, association: 0, runs: files.length };
      cell.found++;
      if (p.type === gold) cell.right++;
      if (p.type === "Association") cell.association++;
      byDir.set(dir, cell);
      table.set(gold, byDir);
    }
  }
}
const pct = (a: number, b: number) => (b > 0 ? ((100 * a) / b).toFixed(1) : "-");
const names = dirs.map((d) => basename(d));
const lines = [
  `| gold type | ${names.map((n) => `${n}: found / run, right %, → Association %`).join(" | ")} |`,
  `|---|${names.map(() => "---").join("|")}|`,
];
const totals = dirs.map(() => ({ found: 0, right: 0, runs: 0 }));
for (const [type, byDir] of [...table].sort((a, b) => a[0].localeCompare(b[0]))) {
  const cells = dirs.map((d, i) => {
    const c = byDir.get(d);
    if (!c) return "-";
    const total = totals[i] as { found: number; right: number; runs: number };
    total.found += c.found;
    total.right += c.right;
    total.runs = c.runs;
    return `${(c.found / c.runs).toFixed(1)}, ${pct(c.right, c.found)}, ${pct(c.association, c.found)}`;
  });
  lines.push(`| ${type} | ${cells.join(" | ")} |`);
}
lines.push(
  `| all | ${totals.map((t) => `${(t.found / Math.max(t.runs, 1)).toFixed(1)}, ${pct(t.right, t.found)}, -`).join(" | ")} |`,
);
console.log(lines.join("\n"));
