// The runner's multi-seed summaries (@biore/re-models/experiment, scored by re-metrics) in
// the shapes the CLI's reports print: metric names pair/type/novelty/all, {estimate, low, high}.
import type { BioredLevel } from "@biore/re-metrics";
import type { LevelComparison, LevelSummary } from "@biore/re-models/experiment";
import {
  BIORED_METRICS,
  type BioredMetric,
  type ComparisonRow,
  type Interval,
} from "../reports/types.js";

/** The re-metrics level behind each metric name the CLI prints. */
export const LEVEL_OF: Record<BioredMetric, BioredLevel> = {
  pair: "pair",
  type: "pairType",
  novelty: "pairNovelty",
  all: "all",
};

/** The seed-mean micro-F1 of each metric with its bootstrap CI. */
export function metricIntervals(
  summary: Record<BioredLevel, LevelSummary>,
): Record<BioredMetric, Interval> {
  return Object.fromEntries(
    BIORED_METRICS.map((m) => {
      const { interval } = summary[LEVEL_OF[m]];
      return [m, { estimate: interval.estimate, low: interval.lower, high: interval.upper }];
    }),
  ) as Record<BioredMetric, Interval>;
}

/** Baseline against HNM: each model's CI, the paired difference with its CI and the one-sided p-value for "HNM beats baseline". */
export function comparisonOf(
  baseline: Record<BioredLevel, LevelSummary>,
  hnm: Record<BioredLevel, LevelSummary>,
  hnmVsBaseline: Record<BioredLevel, LevelComparison>,
): ComparisonRow[] {
  const baselineCis = metricIntervals(baseline);
  const hnmCis = metricIntervals(hnm);
  return BIORED_METRICS.map((metric) => {
    const test = hnmVsBaseline[LEVEL_OF[metric]];
    return {
      metric,
      baseline: baselineCis[metric],
      hnm: hnmCis[metric],
      difference: test.difference,
      differenceInterval: {
        estimate: test.interval.estimate,
        low: test.interval.lower,
        high: test.interval.upper,
      },
      pValue: test.pValue,
    };
  });
}
