import { type CountScores, scoresFromCounts } from "../classification/f-score.js";
import {
  BIORED_LEVELS,
  type BioredDocumentCounts,
  type BioredInput,
  type BioredLevel,
  type BioredScoreOptions,
  type MatchCounts,
  bioredDocumentCounts,
} from "./document-counts.js";

/** Micro precision/recall/F1 with the counts behind them. */
export type MicroScores = CountScores & MatchCounts;

/** BioRED track scores: micro P/R/F1 at each level, per relation type, and bookkeeping. */
export interface BioredScores extends Record<BioredLevel, MicroScores> {
  /** Per relation type at the pair+type and all levels, types sorted by name. */
  perType: Record<string, { pairType: MicroScores; all: MicroScores }>;
  /** Number of documents scored (a document resampled twice counts twice). */
  documents: number;
  /**
   * Relations repeating an earlier relation's pair; each distinct (pair, type, novelty) counted
   * once (see `BioredScoreOptions.duplicates`).
   */
  duplicates: { gold: number; predicted: number; conflictingPredicted: number };
  /** Identifier pairs not scored because NCBI excludes their entity-type pair (`ncbi` rules). */
  excluded: { gold: number; predicted: number };
  /** Predicted documents that are not among the gold documents (their relations are all FPs). */
  unknownDocuments: string[];
  /**
   * Gold documents a predicted collection lacks; under the `ncbi` rules their gold relations
   * are not counted, as in NCBI's evaluation.
   */
  missingFromPredictions: string[];
}

function micro(counts: MatchCounts): MicroScores {
  return { ...scoresFromCounts(counts.tp, counts.fp, counts.fn, 0), ...counts };
}

function add(into: MatchCounts, counts: MatchCounts): void {
  into.tp += counts.tp;
  into.fp += counts.fp;
  into.fn += counts.fn;
}

/**
 * Sums per-document counts into track scores. Pass a bootstrap resample of the output of
 * `bioredDocumentCounts` (documents may repeat) to score a resampled corpus.
 */
export function bioredScoresFromCounts(documents: readonly BioredDocumentCounts[]): BioredScores {
  const levels = Object.fromEntries(
    BIORED_LEVELS.map((level) => [level, { tp: 0, fp: 0, fn: 0 }]),
  ) as Record<BioredLevel, MatchCounts>;
  const perType = new Map<string, { pairType: MatchCounts; all: MatchCounts }>();
  const duplicates = { gold: 0, predicted: 0, conflictingPredicted: 0 };
  const unknown = new Set<string>();
  const missing = new Set<string>();
  const excluded = { gold: 0, predicted: 0 };
  for (const doc of documents) {
    for (const level of BIORED_LEVELS) add(levels[level], doc.levels[level]);
    for (const [type, counts] of Object.entries(doc.perType)) {
      let entry = perType.get(type);
      if (!entry) {
        entry = { pairType: { tp: 0, fp: 0, fn: 0 }, all: { tp: 0, fp: 0, fn: 0 } };
        perType.set(type, entry);
      }
      add(entry.pairType, counts.pairType);
      add(entry.all, counts.all);
    }
    duplicates.gold += doc.goldDuplicates;
    duplicates.predicted += doc.predictedDuplicates;
    duplicates.conflictingPredicted += doc.conflictingPredictedDuplicates;
    excluded.gold += doc.excludedGold;
    excluded.predicted += doc.excludedPredicted;
    if (doc.unknownDocument) unknown.add(doc.documentId);
    if (doc.missingFromPredictions) missing.add(doc.documentId);
  }
  const types = [...perType.keys()].sort();
  return {
    pair: micro(levels.pair),
    pairType: micro(levels.pairType),
    pairNovelty: micro(levels.pairNovelty),
    all: micro(levels.all),
    perType: Object.fromEntries(
      types.map((type) => {
        const entry = perType.get(type)!;
        return [type, { pairType: micro(entry.pairType), all: micro(entry.all) }];
      }),
    ),
    documents: documents.length,
    duplicates,
    excluded,
    unknownDocuments: [...unknown],
    missingFromPredictions: [...missing],
  };
}

/**
 * BioCreative VIII BioRED track scoring as NCBI's evaluation code counts it (by default; see
 * `BioredScoreOptions.rules`): a relation is (document, unordered concept pair); micro
 * P/R/F1 for the pair, pair + type, pair + novelty and all three. Empty inputs give 0.
 */
export function bioredScores(
  gold: BioredInput,
  predicted: BioredInput,
  options: BioredScoreOptions = {},
): BioredScores {
  return bioredScoresFromCounts(bioredDocumentCounts(gold, predicted, options));
}
