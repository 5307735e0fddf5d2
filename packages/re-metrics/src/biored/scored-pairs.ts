import type { BioCCollection, BioCDocument } from "@biore/bioc-io";
import { MetricsError } from "../shared/errors.js";
import { type EntityTypeMaps, entityTypeMaps } from "./entity-types.js";
import { relationsFromBioC } from "./from-bioc.js";
import { isNcbiScoredTypePair, ncbiPairOrder, relationIdentifiers } from "./ncbi-rules.js";
import { type BioredRelation, type CheckedRelation, checkRelation } from "./relation.js";

/** Relations as plain records, or a whole BioC collection (its relations are extracted). */
export type BioredInput = readonly BioredRelation[] | BioCCollection;

/**
 * Which relations count. `ncbi`: NCBI's evaluation exactly (type pairs it excludes are
 * dropped; gold documents missing from a predicted collection are not scored). `all-pairs`:
 * the same counting, but every type pair is scored and every gold document counts.
 */
export type BioredRules = "ncbi" | "all-pairs";

/** One scored (identifier, identifier) pair of a relation, ordered as NCBI orders it. */
export interface ScoredPair {
  id1: string;
  id2: string;
  /** Entity types of id1 and id2 (`""` under `all-pairs`, where types are not needed). */
  type1: string;
  type2: string;
  relationType: string;
  novel: boolean;
  /**
   * Position of this pair among its relation's (identifier, identifier) pairs, excluded ones
   * included: NCBI's reader appends the novelty once more for each further pair at the `all`
   * level (run_pubtator_eval.py L580 vs L617-618), so only the first can match there.
   */
  expansionIndex: number;
}

/** What one side (gold or predicted) holds for one document. */
export interface SideDocument {
  pairs: ScoredPair[];
  /** Pairs dropped because NCBI does not score their entity-type pair. */
  excluded: number;
  /** Relations repeating an earlier relation's pair (they count once per distinct tuple). */
  duplicates: number;
  /** Of those, repeats whose type or novelty differs from the first. */
  conflicts: number;
}

/** One side of the comparison, by document. */
export interface Side {
  documents: Map<string, SideDocument>;
  /** The documents the input covers, when it is a collection (relations alone cannot tell). */
  documentIds: string[] | undefined;
}

function isCollection(input: BioredInput): input is BioCCollection {
  return (
    !Array.isArray(input) && typeof input === "object" && input !== null && "documents" in input
  );
}

interface PrepareOptions {
  rules: BioredRules;
  duplicates: "set" | "error";
  /** Where untyped relations find their concepts' entity types. */
  fallbackTypes: EntityTypeMaps | undefined;
}

/** Annotation-derived types of a collection input (used as the fallback of the other side too). */
export function collectionTypes(input: BioredInput): EntityTypeMaps | undefined {
  return isCollection(input) ? entityTypeMaps(input.documents) : undefined;
}

/** Types from a user-given source of annotations. */
export function typesOf(
  source: BioCCollection | readonly BioCDocument[] | undefined,
): EntityTypeMaps | undefined {
  if (source === undefined) return undefined;
  return entityTypeMaps(Array.isArray(source) ? source : (source as BioCCollection).documents);
}

/**
 * Validates one side's relations and turns each into its scored identifier pairs: one per
 * (identifier of entity1, identifier of entity2), ordered, typed, and filtered by type pair.
 */
export function prepareSide(input: BioredInput, argument: string, options: PrepareOptions): Side {
  let relations: readonly BioredRelation[];
  let documentIds: string[] | undefined;
  let ownTypes: EntityTypeMaps | undefined;
  if (isCollection(input)) {
    relations = relationsFromBioC(input, { argument });
    documentIds = input.documents.map((d) => d.id);
    ownTypes = entityTypeMaps(input.documents);
  } else if (Array.isArray(input)) {
    relations = input;
  } else {
    throw new MetricsError(
      "INVALID_RELATION",
      argument,
      "must be an array of relations or a BioC collection",
    );
  }
  const documents = new Map<string, SideDocument>();
  const firstOnPair = new Map<string, CheckedRelation>();
  relations.forEach((raw, index) => {
    const relation = checkRelation(raw, argument, index);
    let doc = documents.get(relation.documentId);
    if (!doc) {
      doc = { pairs: [], excluded: 0, duplicates: 0, conflicts: 0 };
      documents.set(relation.documentId, doc);
    }
    const pairKey = unorderedKey(relation);
    const first = firstOnPair.get(pairKey);
    if (first) {
      if (options.duplicates === "error") {
        throw new MetricsError(
          "DUPLICATE_RELATION",
          `${argument}[${index}]`,
          `document ${relation.documentId} already has a relation on the pair ` +
            `(${relation.entity1}, ${relation.entity2}); pass duplicates: "set" to count each distinct relation once`,
          index,
        );
      }
      doc.duplicates++;
      if (first.type !== relation.type || first.novel !== relation.novel) doc.conflicts++;
    } else {
      firstOnPair.set(pairKey, relation);
    }
    const typeOf = (id: string, given: string | undefined, which: string): string => {
      if (options.rules === "all-pairs") return "";
      const type =
        ownTypes?.get(relation.documentId)?.get(id) ??
        given ??
        options.fallbackTypes?.get(relation.documentId)?.get(id);
      if (type === undefined) {
        throw new MetricsError(
          "UNKNOWN_ENTITY_TYPE",
          `${argument}[${index}].${which}`,
          `document ${relation.documentId}: no entity type for identifier ${id}; NCBI's rules ` +
            "need it to drop the type pairs they do not score (give entity1Type/entity2Type, " +
            'pass options.entityTypes, or pass rules: "all-pairs")',
          index,
        );
      }
      return type;
    };
    let expansionIndex = -1;
    for (const a of relationIdentifiers(relation.entity1)) {
      for (const b of relationIdentifiers(relation.entity2)) {
        expansionIndex++;
        const typeA = typeOf(a, relation.entity1Type, "entity1");
        const typeB = typeOf(b, relation.entity2Type, "entity2");
        if (options.rules === "ncbi" && !isNcbiScoredTypePair(typeA, typeB)) {
          doc.excluded++;
          continue;
        }
        const inOrder = ncbiPairOrder(a, b);
        doc.pairs.push({
          id1: inOrder ? a : b,
          id2: inOrder ? b : a,
          type1: inOrder ? typeA : typeB,
          type2: inOrder ? typeB : typeA,
          relationType: relation.type,
          novel: relation.novel,
          expansionIndex,
        });
      }
    }
  });
  return { documents, documentIds };
}

const SEPARATOR = "\u0000";

function unorderedKey(r: CheckedRelation): string {
  const [a, b] = r.entity1 <= r.entity2 ? [r.entity1, r.entity2] : [r.entity2, r.entity1];
  return r.documentId + SEPARATOR + a + SEPARATOR + b;
}

/**
 * The tuple NCBI compares at one level (its `(id1, id2, rel_type, ne_type1, ne_type2)`, where
 * rel_type is `Association` at the pair levels and carries `|novelty` at the novelty levels).
 */
export function levelKey(pair: ScoredPair, withType: boolean, withNovelty: boolean): string {
  let key = pair.id1 + SEPARATOR + pair.id2 + SEPARATOR + pair.type1 + SEPARATOR + pair.type2;
  if (withType) key += SEPARATOR + pair.relationType;
  if (withNovelty) {
    const novelty = pair.novel ? "Novel" : "No";
    // NCBI's quirk (see expansionIndex): repeated at the level that also checks the type.
    key += withType ? `|${novelty}`.repeat(pair.expansionIndex + 1) : `|${novelty}`;
  }
  return key;
}
