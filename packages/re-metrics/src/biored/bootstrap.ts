import type { BootstrapOptions, ConfidenceInterval } from "../uncertainty/bootstrap.js";
import { bootstrapCIs } from "../uncertainty/bootstrap.js";
import { type PairedBootstrapResult, pairedBootstrap } from "../uncertainty/paired.js";
import {
  BIORED_LEVELS,
  type BioredDocumentCounts,
  type BioredInput,
  type BioredLevel,
  type BioredScoreOptions,
  bioredDocumentCounts,
} from "./document-counts.js";
import { bioredScoresFromCounts } from "./scores.js";

/** Percentile CIs of micro precision, recall and F1 at one BioRED level. */
export interface BioredLevelIntervals {
  precision: ConfidenceInterval;
  recall: ConfidenceInterval;
  f1: ConfidenceInterval;
}

/**
 * Bootstrap CIs of every BioRED track score, resampling documents (all statistics share
 * the same resamples).
 */
export function bioredBootstrapCI(
  gold: BioredInput,
  predicted: BioredInput,
  options: BioredScoreOptions & BootstrapOptions = {},
): Record<BioredLevel, BioredLevelIntervals> {
  const documents = bioredDocumentCounts(gold, predicted, options);
  const statistics: Record<string, (sample: readonly BioredDocumentCounts[]) => number> = {};
  for (const level of BIORED_LEVELS) {
    for (const score of ["precision", "recall", "f1"] as const) {
      statistics[`${level}.${score}`] = (sample) => bioredScoresFromCounts(sample)[level][score];
    }
  }
  const intervals = bootstrapCIs(documents, statistics, options);
  const out = {} as Record<BioredLevel, BioredLevelIntervals>;
  for (const level of BIORED_LEVELS) {
    out[level] = {
      precision: intervals[`${level}.precision`]!,
      recall: intervals[`${level}.recall`]!,
      f1: intervals[`${level}.f1`]!,
    };
  }
  return out;
}

function emptyCounts(documentId: string): BioredDocumentCounts {
  const zero = () => ({ tp: 0, fp: 0, fn: 0 });
  return {
    documentId,
    levels: { pair: zero(), pairType: zero(), pairNovelty: zero(), all: zero() },
    perType: {},
    goldDuplicates: 0,
    predictedDuplicates: 0,
    conflictingPredictedDuplicates: 0,
    excludedGold: 0,
    excludedPredicted: 0,
    unknownDocument: false,
    missingFromPredictions: false,
  };
}

/**
 * Per-document counts of two systems on the same gold, aligned by document id (a document
 * only one system predicted for gets zero counts for the other), ready for paired tests.
 */
export function alignedBioredCounts(
  gold: BioredInput,
  predictedA: BioredInput,
  predictedB: BioredInput,
  options: BioredScoreOptions = {},
): { a: BioredDocumentCounts[]; b: BioredDocumentCounts[] } {
  const countsA = bioredDocumentCounts(gold, predictedA, options);
  const countsB = bioredDocumentCounts(gold, predictedB, options);
  const byIdA = new Map(countsA.map((d) => [d.documentId, d]));
  const byIdB = new Map(countsB.map((d) => [d.documentId, d]));
  const ids = [...new Set([...byIdA.keys(), ...byIdB.keys()])];
  return {
    a: ids.map((id) => byIdA.get(id) ?? emptyCounts(id)),
    b: ids.map((id) => byIdB.get(id) ?? emptyCounts(id)),
  };
}

/**
 * Paired bootstrap of "system A beats system B" on micro-F1 at every BioRED level, resampling
 * the same documents for both systems (same seed, so the levels share their resamples).
 */
export function bioredPairedBootstrap(
  gold: BioredInput,
  predictedA: BioredInput,
  predictedB: BioredInput,
  options: BioredScoreOptions & BootstrapOptions = {},
): Record<BioredLevel, PairedBootstrapResult> {
  const { a, b } = alignedBioredCounts(gold, predictedA, predictedB, options);
  const out = {} as Record<BioredLevel, PairedBootstrapResult>;
  for (const level of BIORED_LEVELS) {
    out[level] = pairedBootstrap(
      a,
      b,
      (sample) => bioredScoresFromCounts(sample)[level].f1,
      options,
    );
  }
  return out;
}
