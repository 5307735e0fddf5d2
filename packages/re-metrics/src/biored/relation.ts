import { MetricsError } from "../shared/errors.js";

/** A document-level relation between two concepts, as the BioRED track scores it. */
export interface BioredRelation {
  documentId: string;
  /**
   * Concept identifier (e.g. a MeSH or NCBI Gene id); order does not matter. Several
   * comma-separated identifiers stand for one pair per identifier (NCBI's rule).
   */
  entity1: string;
  entity2: string;
  /** Relation type, e.g. `Positive_Correlation`. */
  type: string;
  /** Whether the relation is a novel finding; BioC's `Novel` / `No` are accepted too. */
  novel: boolean | "Novel" | "No";
  /**
   * Entity type of `entity1` (e.g. `GeneOrGeneProduct`), needed by the NCBI rules to drop the
   * type pairs NCBI does not score. `relationsFromBioC` fills it from the annotations; when
   * absent, the type is looked up in `options.entityTypes` (default: the gold collection).
   */
  entity1Type?: string;
  /** Entity type of `entity2`; see `entity1Type`. */
  entity2Type?: string;
}

/** A relation validated, with novelty as a boolean. */
export interface CheckedRelation {
  documentId: string;
  entity1: string;
  entity2: string;
  type: string;
  novel: boolean;
  entity1Type: string | undefined;
  entity2Type: string | undefined;
}

/** Validates one relation; `argument` names where it came from (e.g. `predicted`). */
export function checkRelation(
  relation: BioredRelation,
  argument: string,
  index: number,
): CheckedRelation {
  const where = `${argument}[${index}]`;
  for (const field of ["documentId", "entity1", "entity2", "type"] as const) {
    const value = relation?.[field];
    if (typeof value !== "string" || value.length === 0) {
      throw new MetricsError(
        "INVALID_RELATION",
        `${where}.${field}`,
        `must be a non-empty string, got ${JSON.stringify(value)}`,
        index,
      );
    }
  }
  for (const field of ["entity1Type", "entity2Type"] as const) {
    const value = relation[field];
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) {
      throw new MetricsError(
        "INVALID_RELATION",
        `${where}.${field}`,
        `must be a non-empty string when given, got ${JSON.stringify(value)}`,
        index,
      );
    }
  }
  return {
    documentId: relation.documentId,
    entity1: relation.entity1,
    entity2: relation.entity2,
    type: relation.type,
    novel: parseNovel(relation.novel, `${where}.novel`, index),
    entity1Type: relation.entity1Type,
    entity2Type: relation.entity2Type,
  };
}

function parseNovel(value: unknown, argument: string, index: number): boolean {
  if (value === true || value === "Novel") return true;
  if (value === false || value === "No") return false;
  throw new MetricsError(
    "INVALID_RELATION",
    argument,
    `must be true/false or "Novel"/"No", got ${JSON.stringify(value)}`,
    index,
  );
}
