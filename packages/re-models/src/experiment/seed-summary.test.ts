import { type BioredRelation, bioredDocumentCounts, bioredScores } from "@biore/re-metrics";
import { describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import { compareSystems, documentUnits, meanF1, seedSummary } from "./seed-summary.js";

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

describe("multi-seed summary", () => {
  it("mean ± sd over seeds of each seed's re-metrics micro-F1, with a bootstrap CI of the mean", () => {
    const seedA = predictions((d) => d % 2 === 0);
    const seedB = predictions((_, r) => r === 0);
    const units = documentUnits([counts(seedA), counts(seedB)]);
    const f1A = bioredScores(gold, seedA).pair.f1;
    const f1B = bioredScores(gold, seedB).pair.f1;
    expect(meanF1(units, "pair")).toBeCloseTo((f1A + f1B) / 2, 12);
    const summary = seedSummary(units, { iterations: 200, seed: 1 });
    expect(summary.pair.perSeed).toEqual([f1A, f1B]);
    expect(summary.pair.mean).toBeCloseTo((f1A + f1B) / 2, 12);
    expect(summary.pair.sd).toBeCloseTo(Math.abs(f1A - f1B) / 2, 12);
    expect(summary.pair.interval.estimate).toBeCloseTo(summary.pair.mean, 12);
    expect(summary.pair.interval.lower).toBeLessThanOrEqual(summary.pair.mean);
    expect(summary.pair.interval.upper).toBeGreaterThanOrEqual(summary.pair.mean);
    expect(summary.pair.interval.upper).toBeGreaterThan(summary.pair.interval.lower);
    // one seed: sd 0, and the levels that need the type agree with re-metrics too
    const one = seedSummary(documentUnits([counts(seedB)]), { iterations: 50, seed: 1 });
    expect(one.pairType.sd).toBe(0);
    expect(one.pairType.mean).toBe(bioredScores(gold, seedB).pairType.f1);
    expect(one.all.mean).toBe(bioredScores(gold, seedB).all.f1);
  });

  it("the same settings give the same CIs (seeded bootstrap)", () => {
    const units = documentUnits([counts(predictions((d) => d % 3 !== 0))]);
    const a = seedSummary(units, { iterations: 100, seed: 4 });
    const b = seedSummary(units, { iterations: 100, seed: 4 });
    expect(a).toEqual(b);
  });

  it("the paired bootstrap finds a clearly better system and no difference between equal ones", () => {
    const weak = documentUnits([counts(predictions((d, r) => r === 0 && d % 3 === 0))]);
    const strong = documentUnits([counts(predictions(() => true))]);
    const better = compareSystems(strong, weak, { iterations: 300, seed: 2 });
    expect(Object.keys(better)).toEqual(["pair", "pairType", "pairNovelty", "all"]);
    expect(better.pair.difference).toBeGreaterThan(0.5);
    expect(better.pair.pValue).toBeLessThan(0.01);
    expect(better.pair.interval.lower).toBeGreaterThan(0);
    const same = compareSystems(strong, strong, { iterations: 300, seed: 2 });
    expect(same.pair.difference).toBe(0);
    expect(same.pair.pValue).toBe(1);
  });

  it("refuses seed runs that list different documents, naming the document", () => {
    const a = counts(predictions(() => true));
    const b = bioredDocumentCounts(gold, [], { documentIds: [...docs].reverse() });
    expect(() => documentUnits([a, b])).toThrow(ModelError);
    expect(() => documentUnits([a, b])).toThrow(/run 1 has d29 where run 0 has d0/);
  });
});
