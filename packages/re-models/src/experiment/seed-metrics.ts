import {
  BIORED_LEVELS,
  type BioredDocumentCounts,
  type BioredLevel,
  type BioredScores,
  bioredMacroF1,
  bioredScoresFromCounts,
  bootstrapCIs,
  pairedBootstrap,
} from "@biore/re-metrics";
import { ModelError } from "../errors.js";
import type {
  BootstrapSettings,
  DocumentUnit,
  LevelComparison,
  LevelSummary,
} from "./seed-summary.js";

/** A score of one seed's model, read from its re-metrics scores on a sample of documents. */
export type SeedMetric = (scores: BioredScores) => number;

/** Micro-F1 at each BioRED level. */
export const LEVEL_METRICS = Object.fromEntries(
  BIORED_LEVELS.map((level) => [level, (scores: BioredScores) => scores[level].f1]),
) as Record<BioredLevel, SeedMetric>;

/**
 * Macro-F1 over `types` at the pair+type (or all) level: re-metrics' `bioredMacroF1`. The
 * units must keep their per-type counts (`documentUnits(bySeed, { perType: true })`).
 */
export function macroF1Metric(
  types: readonly string[],
  level: "pairType" | "all" = "pairType",
): SeedMetric {
  return (scores) => {
    const counted = scores[level].tp + scores[level].fp + scores[level].fn;
    if (counted > 0 && Object.keys(scores.perType).length === 0) {
      throw new ModelError(
        "INVALID_INPUT",
        "the document units carry no per-type counts: build them with documentUnits(bySeed, { perType: true })",
        "macro-F1",
      );
    }
    return bioredMacroF1(scores, types, level);
  };
}

/** Each seed's re-metrics scores on `sample` (the seeds' counts of the same documents summed). */
function seedScores(sample: readonly DocumentUnit[]): BioredScores[] {
  const seeds = sample[0]?.length ?? 0;
  return Array.from({ length: seeds }, (_, s) =>
    bioredScoresFromCounts(sample.map((unit) => unit[s] as BioredDocumentCounts)),
  );
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Mean over seeds of `metric` on `sample`: the statistic every summary and test reports. */
export function seedMean(sample: readonly DocumentUnit[], metric: SeedMetric): number {
  return mean(seedScores(sample).map(metric));
}

/**
 * Mean ± sd over seeds of every metric, with bootstrap CIs of the mean over documents (one
 * resample scores every seed once; the metrics share their resamples).
 */
export function summarizeMetrics<K extends string>(
  units: readonly DocumentUnit[],
  metrics: Record<K, SeedMetric>,
  settings: BootstrapSettings,
): Record<K, LevelSummary> {
  const names = Object.keys(metrics) as K[];
  // bootstrapCIs asks each metric about the same resample in turn: score it once.
  let lastSample: readonly DocumentUnit[] | undefined;
  let lastScores: BioredScores[] = [];
  const scored = (sample: readonly DocumentUnit[]) => {
    if (sample !== lastSample) {
      lastSample = sample;
      lastScores = seedScores(sample);
    }
    return lastScores;
  };
  const statistics = Object.fromEntries(
    names.map((name) => [
      name,
      (sample: readonly DocumentUnit[]) => mean(scored(sample).map(metrics[name])),
    ]),
  ) as Record<K, (sample: readonly DocumentUnit[]) => number>;
  const intervals = bootstrapCIs(units, statistics, settings);
  const all = seedScores(units);
  return Object.fromEntries(
    names.map((name) => {
      const perSeed = all.map(metrics[name]);
      const m = mean(perSeed);
      const sd = Math.sqrt(mean(perSeed.map((x) => (x - m) ** 2)));
      return [name, { perSeed, mean: m, sd, interval: intervals[name] }];
    }),
  ) as Record<K, LevelSummary>;
}

/**
 * Paired bootstrap of "A beats B" on the seed mean of every metric: each resample draws the
 * same documents for both systems (re-metrics `pairedBootstrap`, one run per metric with the
 * same seed).
 */
export function compareMetrics<K extends string>(
  a: readonly DocumentUnit[],
  b: readonly DocumentUnit[],
  metrics: Record<K, SeedMetric>,
  settings: BootstrapSettings,
): Record<K, LevelComparison> {
  return Object.fromEntries(
    (Object.keys(metrics) as K[]).map((name) => {
      const test = pairedBootstrap(a, b, (sample) => seedMean(sample, metrics[name]), settings);
      return [
        name,
        { difference: test.scoreA - test.scoreB, interval: test.difference, pValue: test.pValue },
      ];
    }),
  ) as Record<K, LevelComparison>;
}
