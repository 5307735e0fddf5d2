// Type confusion of one run on Dev: for every predicted pair, gold type (None
// when the pair is not a gold relation) -> predicted type, overall and per
// entity-type pair. Shows whether the model reads the context or only the
// entity-type-pair prior (e.g. every Chemical-Disease pair -> Positive_Correlation).
//
//   npx tsx experiments/confusion.ts experiments/results-between/baseline-s1.json
import { readFileSync } from "node:fs";
import { readCollection } from "@biore/bioc-io";
import { type BioredRelation, relationsFromBioC } from "@biore/re-metrics";
import { dataFile } from "@biore/test-data";

const file = process.argv[2];
if (!file) {
  console.error("usage: npx tsx experiments/confusion.ts <run.json>");
  process.exit(1);
}
const run = JSON.parse(readFileSync(file, "utf8")) as { predictions: BioredRelation[] };
const dev = await readCollection(dataFile("biored", "Dev.BioC.XML"));
const pairKey = (r: BioredRelation) => `${r.documentId}|${[r.entity1, r.entity2].sort().join("|")}`;
const goldType = new Map(relationsFromBioC(dev).map((r) => [pairKey(r), r.type]));
const entityType = new Map<string, string>();
for (const doc of dev.documents) {
  for (const passage of doc.passages) {
    for (const a of passage.annotations) {
      for (const id of String(a.infons.identifier ?? "").split(/[,;]/)) {
        entityType.set(`${doc.id}|${id}`, String(a.infons.type));
      }
    }
  }
}

const overall = new Map<string, number>();
const byTypePair = new Map<string, Map<string, number>>();
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
for (const p of run.predictions) {
  const cell = `${goldType.get(pairKey(p)) ?? "None"} -> ${p.type}`;
  bump(overall, cell);
  const types = [p.entity1, p.entity2]
    .map((id) => entityType.get(`${p.documentId}|${id}`) ?? "?")
    .sort()
    .join("-");
  const table = byTypePair.get(types) ?? new Map<string, number>();
  bump(table, cell);
  byTypePair.set(types, table);
}
const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
console.log(`all predicted pairs (gold -> predicted): ${top(overall, 20)}`);
for (const [types, table] of [...byTypePair].sort()) console.log(`${types}: ${top(table, 8)}`);
