import type { BioredDocumentCounts, BioredLevel, ConfidenceInterval } from "@biore/re-metrics";
import { ModelError } from "../errors.js";
import { LEVEL_METRICS, compareMetrics, seedMean, summarizeMetrics } from "./seed-metrics.js";

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
 * out unless `perType` is set (macro-F1 needs them): the four levels alone keep each resample
 * cheap.
 */
export function documentUnits(
  bySeed: readonly (readonly BioredDocumentCounts[])[],
  options: { perType?: boolean } = {},
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
      return options.perType ? c : { ...c, perType: {} };
    }),
  );
}

/** Mean over seeds of micro-F1 at `level`: the statistic every summary and test reports. */
export function meanF1(sample: readonly DocumentUnit[], level: BioredLevel): number {
  return seedMean(sample, LEVEL_METRICS[level]);
}

/** One level (or other seed metric) of a multi-seed summary. */
export interface LevelSummary {
  /** Each seed's score (micro-F1 for a level) on all documents, in seed order. */
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
  return summarizeMetrics(units, LEVEL_METRICS, settings);
}

/** System A against system B at one level (or other seed metric), on the same documents. */
export interface LevelComparison {
  /** Seed-mean score of A minus that of B on all documents. */
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
  return compareMetrics(a, b, LEVEL_METRICS, settings);
}
