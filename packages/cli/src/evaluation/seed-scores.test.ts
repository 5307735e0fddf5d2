import { type BioredRelation, bioredDocumentCounts } from "@biore/re-metrics";
import { compareSystems, documentUnits, seedSummary } from "@biore/re-models/experiment";
import { describe, expect, it } from "vitest";
import { comparisonOf, metricIntervals } from "./seed-scores.js";

const docs = Array.from({ length: 20 }, (_, i) => `d${i}`);
const typed = { entity1Type: "ChemicalEntity", entity2Type: "GeneOrGeneProduct" };
const gold: BioredRelation[] = docs.map((documentId) => ({
  documentId,
  entity1: "A",
  entity2: "B",
  type: "Bind",
  novel: true,
  ...typed,
}));
const units = (keep: (d: number) => boolean) =>
  documentUnits([
    bioredDocumentCounts(
      gold,
      gold.filter((_, d) => keep(d)),
      { documentIds: docs },
    ),
  ]);

describe("the runner's summaries in the CLI's report shapes", () => {
  it("names the levels pair/type/novelty/all and keeps estimate and CI bounds", () => {
    const summary = seedSummary(
      units((d) => d % 2 === 0),
      { iterations: 100, seed: 1 },
    );
    const intervals = metricIntervals(summary);
    expect(Object.keys(intervals)).toEqual(["pair", "type", "novelty", "all"]);
    expect(intervals.type).toEqual({
      estimate: summary.pairType.interval.estimate,
      low: summary.pairType.interval.lower,
      high: summary.pairType.interval.upper,
    });
    expect(intervals.novelty.estimate).toBe(summary.pairNovelty.mean);
  });

  it("rows carry baseline, HNM, their difference and the p-value for HNM beating baseline", () => {
    const settings = { iterations: 100, seed: 1 };
    const baseline = units((d) => d % 4 === 0);
    const hnm = units(() => true);
    const rows = comparisonOf(
      seedSummary(baseline, settings),
      seedSummary(hnm, settings),
      compareSystems(hnm, baseline, settings),
    );
    expect(rows.map((r) => r.metric)).toEqual(["pair", "type", "novelty", "all"]);
    expect(rows[0]!.hnm.estimate).toBe(1);
    expect(rows[0]!.difference).toBeCloseTo(rows[0]!.hnm.estimate - rows[0]!.baseline.estimate, 12);
    expect(rows[0]!.pValue).toBeLessThan(0.05);
    for (const r of rows) {
      expect(r.differenceInterval.estimate).toBeCloseTo(r.difference, 12);
      expect(r.differenceInterval.low).toBeLessThanOrEqual(r.difference);
      expect(r.differenceInterval.high).toBeGreaterThanOrEqual(r.difference);
    }
    // HNM is right on every pair the baseline misses: the whole interval lies above 0
    expect(rows[0]!.differenceInterval.low).toBeGreaterThan(0);
  });
});
