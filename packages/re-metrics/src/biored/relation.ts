import { MetricsError } from "../shared/errors.js";

/** A document-level relation between two concepts, as the BioRED track scores it. */
export interface BioredRelation {
  documentId: string;
  /** Concept identifier (e.g. a MeSH or NCBI Gene id); order does not matter. */
  entity1: string;
  entity2: string;
  /** Relation type, e.g. `Positive_Correlation`. */
  type: string;
  /** Whether the relation is a novel finding; BioC's `Novel` / `No` are accepted too. */
  novel: boolean | "Novel" | "No";
}

/** A relation reduced to the keys the track compares. */
export interface NormalizedRelation {
  documentId: string;
  /** `entityA < entityB` (code-unit order), so that the pair is unordered. */
  entityA: string;
  entityB: string;
  type: string;
  novel: boolean;
  /** Unordered pair key within the document. */
  pairKey: string;
}

const SEPARATOR = "\u0000";

/** Validates one relation and orders its pair; `argument` names where it came from. */
export function normalizeRelation(
  relation: BioredRelation,
  argument: string,
  index: number,
): NormalizedRelation {
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
  const novel = parseNovel(relation.novel, `${where}.novel`, index);
  const [entityA, entityB] =
    relation.entity1 <= relation.entity2
      ? [relation.entity1, relation.entity2]
      : [relation.entity2, relation.entity1];
  return {
    documentId: relation.documentId,
    entityA,
    entityB,
    type: relation.type,
    novel,
    pairKey: entityA + SEPARATOR + entityB,
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
