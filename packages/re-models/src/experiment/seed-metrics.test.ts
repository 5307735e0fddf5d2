import {
  type BioredRelation,
  bioredDocumentCounts,
  bioredMacroF1,
  bioredScores,
} from "@biore/re-metrics";
import { describe, expect, it } from "vitest";
import { ModelError } from "../errors.js";
import {
  LEVEL_METRICS,
  compareMetrics,
  macroF1Metric,
  seedMean,
  summarizeMetrics,
} from "./seed-metrics.js";
import { documentUnits } from "./seed-summary.js";

const docs = Array.from({ length: 30 }, (_, i) => `d${i}`);
const typed = { entity1Type: "ChemicalEntity", entity2Type: "GeneOrGeneProduct" };
const gold: BioredRelation[] = docs.flatMap((documentId) => [
  { documentId, entity1: "A", entity2: "B", type: "Bind", novel: true, ...typed },
  { documentId, entity1: "B", entity2: "C", type: "Association", novel: false, ...typed },
]);
const predictions = (keep: (doc: number, rel: number) => boolean) =>
  gold.filter((_, i) => keep(Math.floor(i / 2), i % 2));
const counts = (pred: BioredRelation[]) => bioredDocumentCounts(gold, pred, { documentIds: docs });
const seedA = predictions((d) => d % 2 === 0);
const seedB = predictions((d, r) => r === 0 || d % 3 === 0);
const types = ["Association", "Bind"];
const settings = { iterations: 200, seed: 3 };

describe("seed metrics", () => {
  it("macro-F1 per seed is re-metrics' bioredMacroF1; the summary averages it over seeds", () => {
    const units = documentUnits([counts(seedA), counts(seedB)], { perType: true });
    const macroA = bioredMacroF1(bioredScores(gold, seedA), types);
    const macroB = bioredMacroF1(bioredScores(gold, seedB), types);
    expect(macroA).not.toBeCloseTo(macroB, 3);
    const summary = summarizeMetrics(units, { macro: macroF1Metric(types) }, settings);
    expect(summary.macro.perSeed).toEqual([macroA, macroB]);
    expect(summary.macro.mean).toBeCloseTo((macroA + macroB) / 2, 12);
    expect(seedMean(units, macroF1Metric(types))).toBeCloseTo((macroA + macroB) / 2, 12);
    expect(summary.macro.interval.lower).toBeLessThanOrEqual(summary.macro.mean);
    expect(summary.macro.interval.upper).toBeGreaterThanOrEqual(summary.macro.mean);
  });

  it("level metrics are re-metrics' micro-F1 of each seed at each level", () => {
    const units = documentUnits([counts(seedA), counts(seedB)]);
    const summary = summarizeMetrics(units, LEVEL_METRICS, settings);
    for (const level of ["pair", "pairType", "pairNovelty", "all"] as const) {
      expect(summary[level].perSeed).toEqual([
        bioredScores(gold, seedA)[level].f1,
        bioredScores(gold, seedB)[level].f1,
      ]);
    }
  });

  it("metrics of one summary share their resamples: a metric listed twice gets one interval", () => {
    const units = documentUnits([counts(seedA)], { perType: true });
    const metric = macroF1Metric(types);
    const summary = summarizeMetrics(units, { first: metric, second: metric }, settings);
    expect(summary.first).toEqual(summary.second);
  });

  it("compares macro-F1 of two systems with the paired bootstrap", () => {
    const strong = documentUnits([counts(predictions(() => true))], { perType: true });
    const weak = documentUnits([counts(predictions((_, r) => r === 0))], { perType: true });
    const test = compareMetrics(strong, weak, { macro: macroF1Metric(types) }, settings);
    // weak finds every Bind and no Association: macro 0.5 against 1
    expect(test.macro.difference).toBeCloseTo(0.5, 12);
    expect(test.macro.pValue).toBeLessThan(0.01);
  });

  it("refuses units built without per-type counts instead of scoring every type 0", () => {
    const units = documentUnits([counts(seedA)]);
    expect(() => seedMean(units, macroF1Metric(types))).toThrow(ModelError);
    expect(() => seedMean(units, macroF1Metric(types))).toThrow(/perType: true/);
  });
});
