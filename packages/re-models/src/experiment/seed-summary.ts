import {
  BIORED_LEVELS,
  type BioredDocumentCounts,
  type BioredLevel,
  type ConfidenceInterval,
  bioredScoresFromCounts,
  bootstrapCIs,
  pairedBootstrap,
} from "@biore/re-metrics";
import { ModelError } from "../errors.js";

/**
 * One document's BioRED counts under each seed's model (`unit[s]`): the unit the bootstrap
 * resamples, so every seed is scored on the same resampled documents.
 */
export type DocumentUnit = readonly BioredDocumentCounts[];

/** Bootstrap settings every interval and test of a summary shares. */
export interface BootstrapSettings {
  iterations: number;
  seed: number;
}

/**
 * Zips per-seed document counts (`bySeed[s][d]`, from {@link evaluateRun}) into per-document
 * units. All seeds must list the same documents in the same order. Per-type counts are left
 * out: the summaries score the four levels only, and this keeps each resample cheap.
 */
export function documentUnits(
  bySeed: readonly (readonly BioredDocumentCounts[])[],
): DocumentUnit[] {
  const first = bySeed[0] ?? [];
  return first.map((doc, d) =>
    bySeed.map((counts, s) => {
      const c = counts[d];
      if (!c || c.documentId !== doc.documentId || counts.length !== first.length) {
        throw new ModelError(
          "INVALID_INPUT",
          `seed runs disagree on the documents they scored: run ${s} has ${c?.documentId ?? "none"} where run 0 has ${doc.documentId}`,
          `document ${d}`,
        );
      }
      return { ...c, perType: {} };
    }),
  );
}

/** Micro-F1 of every level for each seed on `sample` (re-metrics sums the counts and scores them). */
function seedF1s(sample: readonly DocumentUnit[]): Record<BioredLevel, number>[] {
  const seeds = sample[0]?.length ?? 0;
  return Array.from({ length: seeds }, (_, s) => {
    const scores = bioredScoresFromCounts(sample.map((unit) => unit[s] as BioredDocumentCounts));
    return Object.fromEntries(BIORED_LEVELS.map((l) => [l, scores[l].f1])) as Record<
      BioredLevel,
      number
    >;
  });
}

/** Mean over seeds of micro-F1 at `level`: the statistic every summary and test reports. */
export function meanF1(sample: readonly DocumentUnit[], level: BioredLevel): number {
  const perSeed = seedF1s(sample);
  if (perSeed.length === 0) return 0;
  return perSeed.reduce((sum, f1) => sum + f1[level], 0) / perSeed.length;
}

/** One level of a multi-seed summary. */
export interface LevelSummary {
  /** Each seed's micro-F1 on all documents, in seed order. */
  perSeed: number[];
  /** Mean over seeds. */
  mean: number;
  /** Standard deviation over seeds (population form; 0 for one seed). */
  sd: number;
  /** 95% percentile bootstrap CI of the seed mean, resampling documents. */
  interval: ConfidenceInterval;
}

/**
 * Mean ± sd over seeds of micro-F1 at every BioRED level, with bootstrap CIs of the mean over
 * documents (one resample scores every seed; the levels share their resamples).
 */
export function seedSummary(
  units: readonly DocumentUnit[],
  settings: BootstrapSettings,
): Record<BioredLevel, LevelSummary> {
  // bootstrapCIs asks each level's statistic about the same resample in turn: score it once.
  let lastSample: readonly DocumentUnit[] | undefined;
  let lastScores: Record<BioredLevel, number>[] = [];
  const scored = (sample: readonly DocumentUnit[]) => {
    if (sample !== lastSample) {
      lastSample = sample;
      lastScores = seedF1s(sample);
    }
    return lastScores;
  };
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const statistics = Object.fromEntries(
    BIORED_LEVELS.map((level) => [
      level,
      (sample: readonly DocumentUnit[]) => mean(scored(sample).map((f1) => f1[level])),
    ]),
  ) as Record<BioredLevel, (sample: readonly DocumentUnit[]) => number>;
  const intervals = bootstrapCIs(units, statistics, settings);
  const all = seedF1s(units);
  return Object.fromEntries(
    BIORED_LEVELS.map((level) => {
      const perSeed = all.map((f1) => f1[level]);
      const m = mean(perSeed);
      const sd = Math.sqrt(mean(perSeed.map((x) => (x - m) ** 2)));
      return [level, { perSeed, mean: m, sd, interval: intervals[level] }];
    }),
  ) as Record<BioredLevel, LevelSummary>;
}

/** System A against system B at one level, on the same documents. */
export interface LevelComparison {
  /** Seed-mean micro-F1 of A minus that of B on all documents. */
  difference: number;
  /** 95% percentile bootstrap CI of the difference. */
  interval: ConfidenceInterval;
  /** One-sided paired-bootstrap p-value for "A beats B" (re-metrics `pairedBootstrap`). */
  pValue: number;
}

/**
 * Paired bootstrap of "A beats B" on the seed-mean micro-F1 of every level: each resample
 * draws the same documents for both systems (re-metrics `pairedBootstrap`, one run per level
 * with the same seed).
 */
export function compareSystems(
  a: readonly DocumentUnit[],
  b: readonly DocumentUnit[],
  settings: BootstrapSettings,
): Record<BioredLevel, LevelComparison> {
  return Object.fromEntries(
    BIORED_LEVELS.map((level) => {
      const test = pairedBootstrap(a, b, (sample) => meanF1(sample, level), settings);
      return [
        level,
        { difference: test.scoreA - test.scoreB, interval: test.difference, pValue: test.pValue },
      ];
    }),
  ) as Record<BioredLevel, LevelComparison>;
}
