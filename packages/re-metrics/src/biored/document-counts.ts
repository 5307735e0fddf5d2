import type { BioCCollection } from "@biore/bioc-io";
import { MetricsError } from "../shared/errors.js";
import { relationsFromBioC } from "./from-bioc.js";
import { type BioredRelation, type NormalizedRelation, normalizeRelation } from "./relation.js";

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
  /** Gold relations dropped as repeats of an earlier relation on the same pair. */
  goldDuplicates: number;
  /** Predicted relations dropped as repeats of an earlier prediction on the same pair. */
  predictedDuplicates: number;
  /** Of those, repeats whose type or novelty differed from the kept prediction. */
  conflictingPredictedDuplicates: number;
  /** True when the document has predictions but is not among the gold documents. */
  unknownDocument: boolean;
}

/** Relations as plain records, or a whole BioC collection (its relations are extracted). */
export type BioredInput = readonly BioredRelation[] | BioCCollection;

/** Options of {@link bioredDocumentCounts} and `bioredScores`. */
export interface BioredScoreOptions {
  /**
   * What to do with several relations on the same unordered pair of one document:
   * `keep-first` (default) scores the first one in input order and counts the rest in
   * the result's `duplicates`; `error` throws DUPLICATE_RELATION.
   */
  duplicates?: "keep-first" | "error";
  /**
   * The evaluated documents, including those without any relation (they matter for
   * bootstrap resampling). Default: the gold collection's documents when gold is a
   * BioC collection, else every document id seen in gold or predictions.
   */
  documentIds?: readonly string[];
}

function zero(): MatchCounts {
  return { tp: 0, fp: 0, fn: 0 };
}

function isCollection(input: BioredInput): input is BioCCollection {
  return (
    !Array.isArray(input) && typeof input === "object" && input !== null && "documents" in input
  );
}

/** Groups relations by document and pair, applying the duplicate policy. */
function groupByDocument(
  relations: readonly BioredRelation[],
  argument: string,
  policy: "keep-first" | "error",
): Map<string, { pairs: Map<string, NormalizedRelation>; duplicates: number; conflicts: number }> {
  const byDocument = new Map<
    string,
    { pairs: Map<string, NormalizedRelation>; duplicates: number; conflicts: number }
  >();
  relations.forEach((raw, i) => {
    const relation = normalizeRelation(raw, argument, i);
    let doc = byDocument.get(relation.documentId);
    if (!doc) {
      doc = { pairs: new Map(), duplicates: 0, conflicts: 0 };
      byDocument.set(relation.documentId, doc);
    }
    const kept = doc.pairs.get(relation.pairKey);
    if (kept === undefined) {
      doc.pairs.set(relation.pairKey, relation);
      return;
    }
    if (policy === "error") {
      throw new MetricsError(
        "DUPLICATE_RELATION",
        `${argument}[${i}]`,
        `document ${relation.documentId} already has a relation on the pair ` +
          `(${relation.entityA}, ${relation.entityB}); pass duplicates: "keep-first" to keep the first`,
        i,
      );
    }
    doc.duplicates++;
    if (kept.type !== relation.type || kept.novel !== relation.novel) doc.conflicts++;
  });
  return byDocument;
}

/** Turns either input form into relations, remembering the collection's document ids. */
function toRelations(input: BioredInput, argument: string) {
  if (isCollection(input)) {
    return {
      relations: relationsFromBioC(input, { argument }),
      documentIds: input.documents.map((d) => d.id),
    };
  }
  if (!Array.isArray(input)) {
    throw new MetricsError(
      "INVALID_RELATION",
      argument,
      "must be an array of relations or a BioC collection",
    );
  }
  return { relations: input, documentIds: undefined };
}

/**
 * Per-document match counts at every BioRED level. Each document's gold and predicted
 * relations are keyed by unordered concept pair; a predicted pair whose type (or novelty)
 * differs from gold is a false positive *and* a false negative at the levels that check it.
 */
export function bioredDocumentCounts(
  gold: BioredInput,
  predicted: BioredInput,
  options: BioredScoreOptions = {},
): BioredDocumentCounts[] {
  const policy = options.duplicates ?? "keep-first";
  if (policy !== "keep-first" && policy !== "error") {
    throw new MetricsError("INVALID_OPTION", "options.duplicates", `unknown policy ${policy}`);
  }
  const goldInput = toRelations(gold, "gold");
  const predInput = toRelations(predicted, "predicted");
  const goldDocs = groupByDocument(goldInput.relations, "gold", policy);
  const predDocs = groupByDocument(predInput.relations, "predicted", policy);

  const declared = options.documentIds ?? goldInput.documentIds;
  const goldIds = new Set<string>(declared ?? goldDocs.keys());
  if (declared) {
    for (const id of goldDocs.keys()) {
      if (!goldIds.has(id)) {
        throw new MetricsError(
          "INVALID_RELATION",
          "gold",
          `has relations for document ${id}, which is not among options.documentIds`,
        );
      }
    }
  }
  const ids = [...goldIds];
  for (const id of predDocs.keys()) if (!goldIds.has(id)) ids.push(id);

  return ids.map((documentId) => {
    const g = goldDocs.get(documentId);
    const p = predDocs.get(documentId);
    return countDocument(documentId, g?.pairs, p?.pairs, {
      goldDuplicates: g?.duplicates ?? 0,
      predictedDuplicates: p?.duplicates ?? 0,
      conflictingPredictedDuplicates: p?.conflicts ?? 0,
      unknownDocument: !goldIds.has(documentId),
    });
  });
}

function countDocument(
  documentId: string,
  gold: Map<string, NormalizedRelation> | undefined,
  predicted: Map<string, NormalizedRelation> | undefined,
  extra: Omit<BioredDocumentCounts, "documentId" | "levels" | "perType">,
): BioredDocumentCounts {
  const levels: Record<BioredLevel, MatchCounts> = {
    pair: zero(),
    pairType: zero(),
    pairNovelty: zero(),
    all: zero(),
  };
  const perType: BioredDocumentCounts["perType"] = {};
  const typeCounts = (type: string) => {
    let entry = perType[type];
    if (!entry) {
      entry = { pairType: zero(), all: zero() };
      perType[type] = entry;
    }
    return entry;
  };
  const goldPairs = gold ?? new Map<string, NormalizedRelation>();
  const predPairs = predicted ?? new Map<string, NormalizedRelation>();
  for (const [key, g] of goldPairs) {
    const p = predPairs.get(key);
    const sameType = p !== undefined && p.type === g.type;
    const sameNovel = p !== undefined && p.novel === g.novel;
    const matched: Record<BioredLevel, boolean> = {
      pair: p !== undefined,
      pairType: sameType,
      pairNovelty: sameNovel,
      all: sameType && sameNovel,
    };
    for (const level of BIORED_LEVELS) {
      if (matched[level]) levels[level].tp++;
      else levels[level].fn++;
    }
    const goldType = typeCounts(g.type);
    if (sameType) goldType.pairType.tp++;
    else goldType.pairType.fn++;
    if (matched.all) goldType.all.tp++;
    else goldType.all.fn++;
  }
  for (const [key, p] of predPairs) {
    const g = goldPairs.get(key);
    const sameType = g !== undefined && g.type === p.type;
    const sameNovel = g !== undefined && g.novel === p.novel;
    const matched: Record<BioredLevel, boolean> = {
      pair: g !== undefined,
      pairType: sameType,
      pairNovelty: sameNovel,
      all: sameType && sameNovel,
    };
    for (const level of BIORED_LEVELS) if (!matched[level]) levels[level].fp++;
    const predType = typeCounts(p.type);
    if (!sameType) predType.pairType.fp++;
    if (!matched.all) predType.all.fp++;
  }
  return { documentId, levels, perType, ...extra };
}
