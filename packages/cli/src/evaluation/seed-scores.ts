import {
  type BioredDocumentCounts,
  type BioredLevel,
  bootstrapCIs,
  pairedBootstrap,
  scoresFromCounts,
} from "@biore/re-metrics";
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

/** One document's BioRED counts under each seed's model: the unit that bootstrap resamples. */
export type DocumentUnit = readonly BioredDocumentCounts[];

/** Micro-F1 at `level` of seed `s`, from the counts summed over the sampled documents (re-metrics scores them). */
function microF1(sample: readonly DocumentUnit[], level: BioredLevel, s: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const unit of sample) {
    const c = unit[s]!.levels[level];
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
  }
  return scoresFromCounts(tp, fp, fn).f1;
}

/** Mean over seeds of micro-F1 at `level`: the statistic every table reports. */
export function meanF1(sample: readonly DocumentUnit[], level: BioredLevel): number {
  const seeds = sample[0]?.length ?? 0;
  if (seeds === 0) return 0;
  let sum = 0;
  for (let s = 0; s < seeds; s++) sum += microF1(sample, level, s);
  return sum / seeds;
}

/**
 * Zips per-seed document counts (`bySeed[s][d]`) into per-document units. All
 * seeds must list the same documents in the same order.
 */
export function documentUnits(
  bySeed: readonly (readonly BioredDocumentCounts[])[],
): DocumentUnit[] {
  const first = bySeed[0] ?? [];
  return first.map((doc, d) =>
    bySeed.map((counts) => {
      const c = counts[d];
      if (!c || c.documentId !== doc.documentId) {
        throw new Error(`seed runs disagree on document ${d} (${doc.documentId})`);
      }
      return c;
    }),
  );
}

/** Bootstrap options every CI in a report shares. */
export interface BootstrapSettings {
  iterations: number;
  seed: number;
}

/** Mean-over-seeds micro-F1 of the four BioRED metrics with 95% bootstrap CIs over documents. */
export function metricIntervals(
  units: readonly DocumentUnit[],
  settings: BootstrapSettings,
): Record<BioredMetric, Interval> {
  const statistics = Object.fromEntries(
    BIORED_METRICS.map((m) => [
      m,
      (sample: readonly DocumentUnit[]) => meanF1(sample, LEVEL_OF[m]),
    ]),
  ) as Record<BioredMetric, (sample: readonly DocumentUnit[]) => number>;
  const cis = bootstrapCIs(units, statistics, {
    iterations: settings.iterations,
    seed: settings.seed,
  });
  return Object.fromEntries(
    BIORED_METRICS.map((m) => [
      m,
      { estimate: cis[m].estimate, low: cis[m].lower, high: cis[m].upper },
    ]),
  ) as Record<BioredMetric, Interval>;
}

/**
 * Baseline against HNM on the same documents: each model's CI, the difference,
 * and the one-sided paired-bootstrap p-value for "HNM beats baseline".
 */
export function compareUnits(
  baseline: readonly DocumentUnit[],
  hnm: readonly DocumentUnit[],
  settings: BootstrapSettings,
): ComparisonRow[] {
  const baselineCis = metricIntervals(baseline, settings);
  const hnmCis = metricIntervals(hnm, settings);
  return BIORED_METRICS.map((metric) => {
    const test = pairedBootstrap(hnm, baseline, (sample) => meanF1(sample, LEVEL_OF[metric]), {
      iterations: settings.iterations,
      seed: settings.seed,
    });
    return {
      metric,
      baseline: baselineCis[metric],
      hnm: hnmCis[metric],
      difference: test.scoreA - test.scoreB,
      pValue: test.pValue,
    };
  });
}
