import { describe, expect, it } from "vitest";
import { alignedBioredCounts, bioredBootstrapCI, bioredPairedBootstrap } from "./bootstrap.js";
import type { BioredRelation } from "./relation.js";
import { bioredScores } from "./scores.js";

/** 40 documents with 3 gold relations each. */
const gold: BioredRelation[] = Array.from({ length: 40 }, (_, d) =>
  ["A", "B", "C"].map((e, k) => ({
    documentId: `d${d}`,
    entity1: e,
    entity2: `X${k}`,
    type: k === 0 ? "Bind" : "Association",
    novel: k !== 2,
    entity1Type: "ChemicalEntity",
    entity2Type: "DiseaseOrPhenotypicFeature",
  })),
).flat();
// A: misses the third relation of every 4th document. B: also gets every type of odd documents wrong.
const systemA = gold.filter((r, i) => !(i % 3 === 2 && Number(r.documentId.slice(1)) % 4 === 0));
const systemB = systemA.map((r) =>
  Number(r.documentId.slice(1)) % 2 ? { ...r, type: "Negative_Correlation" } : r,
);

describe("bioredBootstrapCI", () => {
  it("gives intervals around the point scores at every level", () => {
    const ci = bioredBootstrapCI(gold, systemA, { seed: 1, iterations: 200 });
    const point = bioredScores(gold, systemA);
    for (const level of ["pair", "pairType", "pairNovelty", "all"] as const) {
      expect(ci[level].f1.estimate).toBe(point[level].f1);
      expect(ci[level].f1.lower).toBeLessThanOrEqual(point[level].f1);
      expect(ci[level].f1.upper).toBeGreaterThanOrEqual(point[level].f1);
    }
    // precision is 1 in every resample: A never predicts a wrong relation
    expect(ci.all.precision.lower).toBe(1);
    expect(bioredBootstrapCI(gold, systemA, { seed: 1, iterations: 200 })).toEqual(ci);
  });
});

describe("bioredPairedBootstrap", () => {
  it("prefers the system that gets the types right, but not at the pair level", () => {
    const result = bioredPairedBootstrap(gold, systemA, systemB, { seed: 2, iterations: 300 });
    // Pairs are identical: the difference is exactly 0 in every resample -> p = 1
    expect(result.pair.difference.estimate).toBe(0);
    expect(result.pair.pValue).toBe(1);
    // Types differ on half of the documents: A wins every resample -> p = 1/301
    expect(result.pairType.difference.estimate).toBeGreaterThan(0.3);
    expect(result.pairType.pValue).toBeCloseTo(1 / 301, 15);
  });

  it("aligns documents that only one system predicted for", () => {
    const extra = [...systemB, { ...gold[0]!, documentId: "ghost", entity1: "P", entity2: "Q" }];
    const { a, b } = alignedBioredCounts(gold, systemA, extra);
    expect(a.map((d) => d.documentId)).toEqual(b.map((d) => d.documentId));
    expect(a.at(-1)!.documentId).toBe("ghost");
    expect(a.at(-1)!.levels.pair).toEqual({ tp: 0, fp: 0, fn: 0 });
    expect(b.at(-1)!.levels.pair).toEqual({ tp: 0, fp: 1, fn: 0 });
  });
});
