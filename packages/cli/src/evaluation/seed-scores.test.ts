import { type BioredRelation, bioredDocumentCounts, bioredScores } from "@biore/re-metrics";
import { describe, expect, it } from "vitest";
import { compareUnits, documentUnits, meanF1, metricIntervals } from "./seed-scores.js";

const docs = Array.from({ length: 30 }, (_, i) => `d${i}`);
// Chemical-gene pairs: a type pair NCBI's BioRED rules score (re-metrics needs the types).
const typed = { entity1Type: "ChemicalEntity", entity2Type: "GeneOrGeneProduct" };
const gold: BioredRelation[] = docs.flatMap((documentId) => [
  { documentId, entity1: "A", entity2: "B", type: "Bind", novel: true, ...typed },
  { documentId, entity1: "B", entity2: "C", type: "Association", novel: false, ...typed },
]);
/** Predictions that get `keep` of each document's two gold relations right (by index). */
function predictions(keep: (doc: number, rel: number) => boolean): BioredRelation[] {
  return gold.filter((_, i) => keep(Math.floor(i / 2), i % 2));
}
const counts = (pred: BioredRelation[]) => bioredDocumentCounts(gold, pred, { documentIds: docs });

describe("scores over seeds", () => {
  it("mean-over-seeds F1 equals the average of each seed's BioRED micro-F1", () => {
    const seedA = predictions((d) => d % 2 === 0);
    const seedB = predictions((_, r) => r === 0);
    const units = documentUnits([counts(seedA), counts(seedB)]);
    const expected = (bioredScores(gold, seedA).pair.f1 + bioredScores(gold, seedB).pair.f1) / 2;
    expect(meanF1(units, "pair")).toBeCloseTo(expected, 12);
    const cis = metricIntervals(units, { iterations: 200, seed: 1 });
    expect(cis.pair.estimate).toBeCloseTo(expected, 12);
    expect(cis.pair.low).toBeLessThanOrEqual(cis.pair.estimate);
    expect(cis.pair.high).toBeGreaterThanOrEqual(cis.pair.estimate);
  });

  it("the paired bootstrap finds a clearly better HNM and no difference between equal systems", () => {
    const weak = documentUnits([counts(predictions((d, r) => r === 0 && d % 3 === 0))]);
    const strong = documentUnits([counts(predictions(() => true))]);
    const better = compareUnits(weak, strong, { iterations: 300, seed: 2 });
    expect(better.map((r) => r.metric)).toEqual(["pair", "type", "novelty", "all"]);
    expect(better[0]!.difference).toBeGreaterThan(0.5);
    expect(better[0]!.pValue).toBeLessThan(0.01);
    const same = compareUnits(strong, strong, { iterations: 300, seed: 2 });
    expect(same[0]!.difference).toBe(0);
    expect(same[0]!.pValue).toBe(1);
  });

  it("refuses seed runs that list different documents", () => {
    const a = counts(predictions(() => true));
    const b = bioredDocumentCounts(gold, [], { documentIds: [...docs].reverse() });
    expect(() => documentUnits([a, b])).toThrow(/disagree/);
  });
});
