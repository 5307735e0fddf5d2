import type { BioCCollection, BioCDocument } from "@biore/bioc-io";
import { MetricsError } from "../shared/errors.js";
import {
  type BioredInput,
  type BioredRules,
  type ScoredPair,
  type SideDocument,
  collectionTypes,
  levelKey,
  prepareSide,
  typesOf,
} from "./scored-pairs.js";

export type { BioredInput, BioredRules } from "./scored-pairs.js";

/** The four matching levels of the BioCreative VIII BioRED track. */
export const BIORED_LEVELS = ["pair", "pairType", "pairNovelty", "all"] as const;

/** One matching level: pair; pair + type; pair + novelty; pair + type + novelty. */
export type BioredLevel = (typeof BIORED_LEVELS)[number];

/** True positives, false positives and false negatives. */
export interface MatchCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Counts of one document, so that scores can be re-aggregated over resampled documents. */
export interface BioredDocumentCounts {
  documentId: string;
  levels: Record<BioredLevel, MatchCounts>;
  /** Per relation type (gold or predicted), at the pair+type and all levels. */
  perType: Record<string, { pairType: MatchCounts; all: MatchCounts }>;
  /** Gold relations repeating an earlier gold relation's pair. */
  goldDuplicates: number;
  /** Predicted relations repeating an earlier prediction's pair. */
  predictedDuplicates: number;
  /** Of those, repeats whose type or novelty differed from the first prediction on the pair. */
  conflictingPredictedDuplicates: number;
  /** Identifier pairs dropped by the NCBI rules because their entity-type pair is not scored. */
  excludedGold: number;
  excludedPredicted: number;
  /** True when the document has predictions but is not among the gold documents. */
  unknownDocument: boolean;
  /**
   * True when the predictions are a collection that lacks this gold document; under the NCBI
   * rules its gold relations are then not counted (NCBI's `eval` skips such PMIDs).
   */
  missingFromPredictions: boolean;
}

/** Options of {@link bioredDocumentCounts} and `bioredScores`. */
export interface BioredScoreOptions {
  /**
   * `ncbi` (default): NCBI's BioRED evaluation exactly, quirks included (see the README).
   * `all-pairs`: the same counting without its exclusions: every entity-type pair is scored,
   * and gold documents absent from a predicted collection count as misses.
   */
  rules?: BioredRules;
  /**
   * Several relations on one pair of a document: `set` (default, as NCBI) counts each distinct
   * (pair, type, novelty) once at each level, so two types predicted for one pair are one pair
   * but two pair+type tuples; `error` throws DUPLICATE_RELATION instead.
   */
  duplicates?: "set" | "error";
  /**
   * The evaluated documents, including those without any relation (they matter for
   * bootstrap resampling). Default: the gold collection's documents when gold is a
   * BioC collection, else every document id seen in gold or predictions.
   */
  documentIds?: readonly string[];
  /**
   * Annotated documents giving the entity type of identifiers that relations leave untyped
   * (NCBI rules only). Default: the gold collection, when gold is one.
   */
  entityTypes?: BioCCollection | readonly BioCDocument[];
}

function zero(): MatchCounts {
  return { tp: 0, fp: 0, fn: 0 };
}

function checkOptions(
  options: BioredScoreOptions,
): Required<Pick<BioredScoreOptions, "rules" | "duplicates">> {
  const rules = options.rules ?? "ncbi";
  if (rules !== "ncbi" && rules !== "all-pairs") {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.rules",
      `must be "ncbi" or "all-pairs", got ${JSON.stringify(rules)}`,
    );
  }
  const duplicates = options.duplicates ?? "set";
  if (duplicates !== "set" && duplicates !== "error") {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.duplicates",
      `unknown policy ${JSON.stringify(duplicates)}`,
    );
  }
  return { rules, duplicates };
}

/**
 * Per-document match counts at every BioRED level, following NCBI's evaluation: each relation
 * becomes one ordered pair per (identifier, identifier); each level compares per-document sets
 * of (pair, entity types[, type][, novelty]) tuples. A predicted pair whose type (or novelty)
 * differs from gold is a false positive *and* a false negative at the levels that check it.
 */
export function bioredDocumentCounts(
  gold: BioredInput,
  predicted: BioredInput,
  options: BioredScoreOptions = {},
): BioredDocumentCounts[] {
  const { rules, duplicates } = checkOptions(options);
  const fallbackTypes = typesOf(options.entityTypes) ?? collectionTypes(gold);
  const goldSide = prepareSide(gold, "gold", { rules, duplicates, fallbackTypes });
  const predSide = prepareSide(predicted, "predicted", { rules, duplicates, fallbackTypes });

  const declared = options.documentIds ?? goldSide.documentIds;
  const goldIds = new Set<string>(declared ?? goldSide.documents.keys());
  if (declared) {
    for (const id of goldSide.documents.keys()) {
      if (!goldIds.has(id)) {
        throw new MetricsError(
          "INVALID_RELATION",
          "gold",
          `has relations for document ${id}, which is not among options.documentIds`,
        );
      }
    }
  }
  const predictedIds = predSide.documentIds ? new Set(predSide.documentIds) : undefined;
  const ids = [...goldIds];
  for (const id of predSide.documents.keys()) if (!goldIds.has(id)) ids.push(id);

  return ids.map((documentId) => {
    const g = goldSide.documents.get(documentId);
    const p = predSide.documents.get(documentId);
    const missing =
      goldIds.has(documentId) && predictedIds !== undefined && !predictedIds.has(documentId);
    // NCBI's eval only counts a gold PMID that is also a key of the prediction dict (line 762).
    const counted = !(missing && rules === "ncbi");
    return {
      documentId,
      ...countDocument(counted ? (g?.pairs ?? []) : [], counted ? (p?.pairs ?? []) : []),
      goldDuplicates: g?.duplicates ?? 0,
      predictedDuplicates: p?.duplicates ?? 0,
      conflictingPredictedDuplicates: p?.conflicts ?? 0,
      excludedGold: g?.excluded ?? 0,
      excludedPredicted: p?.excluded ?? 0,
      unknownDocument: !goldIds.has(documentId),
      missingFromPredictions: missing,
    };
  });
}

const LEVEL_KEYS: Record<BioredLevel, [withType: boolean, withNovelty: boolean]> = {
  pair: [false, false],
  pairType: [true, false],
  pairNovelty: [false, true],
  all: [true, true],
};

/** Distinct tuples of one level, each with its relation type. */
function tupleSet(pairs: readonly ScoredPair[], level: BioredLevel): Map<string, string> {
  const [withType, withNovelty] = LEVEL_KEYS[level];
  return new Map(pairs.map((p) => [levelKey(p, withType, withNovelty), p.relationType]));
}

/** Set comparison of one document at every level (NCBI's eval, lines 772-815). */
function countDocument(
  gold: SideDocument["pairs"],
  predicted: SideDocument["pairs"],
): Pick<BioredDocumentCounts, "levels" | "perType"> {
  const levels = {} as Record<BioredLevel, MatchCounts>;
  const perType: BioredDocumentCounts["perType"] = {};
  const typeCounts = (type: string, level: "pairType" | "all"): MatchCounts => {
    let entry = perType[type];
    if (!entry) {
      entry = { pairType: zero(), all: zero() };
      perType[type] = entry;
    }
    return entry[level];
  };
  for (const level of BIORED_LEVELS) {
    const counts = zero();
    const goldSet = tupleSet(gold, level);
    const predSet = tupleSet(predicted, level);
    const byType = level === "pairType" || level === "all" ? level : undefined;
    for (const [key, type] of goldSet) {
      const hit = predSet.has(key);
      if (hit) counts.tp++;
      else counts.fn++;
      if (byType) typeCounts(type, byType)[hit ? "tp" : "fn"]++;
    }
    for (const [key, type] of predSet) {
      if (goldSet.has(key)) continue;
      counts.fp++;
      if (byType) typeCounts(type, byType).fp++;
    }
    levels[level] = counts;
  }
  return { levels, perType };
}
