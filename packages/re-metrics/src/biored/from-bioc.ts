import { type BioCCollection, type BioCDocument, allRelations } from "@biore/bioc-io";
import { MetricsError } from "../shared/errors.js";
import { entityTypeMaps } from "./entity-types.js";
import { relationIdentifiers } from "./ncbi-rules.js";
import type { BioredRelation } from "./relation.js";

/** Where a corpus's BioC relations keep their arguments, type and novelty. */
export interface RelationInfonNames {
  /** The first argument's concept identifier(s) (BioRED: `entity1`; CDR: `Chemical`). */
  entity1: string;
  /** The second argument's concept identifier(s) (BioRED: `entity2`; CDR: `Disease`). */
  entity2: string;
  /** The relation type (BioRED: `type`; CDR: `relation`). */
  type: string;
  /**
   * The novelty infon and the values meaning novel / not novel (BioRED: `novel`, `Novel` /
   * `No`); any other value is INVALID_RELATION. `null` for a corpus without novelty: every
   * relation then takes `defaultNovel`.
   */
  novelty: { key: string; novel: readonly string[]; notNovel: readonly string[] } | null;
}

/** BioRED's relation infons. */
const BIORED_INFONS: RelationInfonNames = {
  entity1: "entity1",
  entity2: "entity2",
  type: "type",
  novelty: { key: "novel", novel: ["Novel"], notNovel: ["No"] },
};

/** Options of {@link relationsFromBioC}. */
export interface RelationsFromBioCOptions {
  /**
   * Infon names of another corpus's relations (e.g. CDR's `{ entity1: "Chemical", entity2:
   * "Disease", type: "relation", novelty: null }`); unset names keep BioRED's.
   */
  infons?: Partial<RelationInfonNames>;
  /**
   * Novelty to assume when a relation has no `novel` infon (e.g. a system that does not
   * predict novelty). Default: throw INVALID_RELATION.
   */
  defaultNovel?: boolean;
  /** Name used in error messages (default `collection`). */
  argument?: string;
}

/**
 * The document-level relations of BioRED-style BioC (`infons.entity1`, `entity2`, `type`,
 * `novel` = `Novel`|`No`, or the infons named by `options.infons`), from the relation lists at
 * every level (passage, sentence, document). `entity1Type` /
 * `entity2Type` are set from the document's annotations when every identifier of the argument
 * is annotated with one and the same type.
 */
export function relationsFromBioC(
  source: BioCCollection | BioCDocument | readonly BioCDocument[],
  options: RelationsFromBioCOptions = {},
): BioredRelation[] {
  const argument = options.argument ?? "collection";
  const given = options.infons ?? {};
  const names: RelationInfonNames = {
    entity1: given.entity1 ?? BIORED_INFONS.entity1,
    entity2: given.entity2 ?? BIORED_INFONS.entity2,
    type: given.type ?? BIORED_INFONS.type,
    novelty: given.novelty === undefined ? BIORED_INFONS.novelty : given.novelty,
  };
  const documents: readonly BioCDocument[] = Array.isArray(source)
    ? source
    : "documents" in (source as BioCCollection)
      ? (source as BioCCollection).documents
      : [source as BioCDocument];
  const out: BioredRelation[] = [];
  const types = entityTypeMaps(documents);
  documents.forEach((document, d) => {
    const typeOf = (entity: string): string | undefined => {
      const found = new Set(
        relationIdentifiers(entity).map((id) => types.get(document.id)?.get(id)),
      );
      const [only] = found;
      return found.size === 1 ? only : undefined;
    };
    for (const relation of allRelations(document)) {
      const where = `${argument}.documents[${d}] (id ${document.id}) relation ${relation.id}`;
      const infons = relation.infons ?? {};
      const entity1 = infons[names.entity1];
      const entity2 = infons[names.entity2];
      const type = infons[names.type];
      if (!entity1 || !entity2 || !type) {
        throw new MetricsError(
          "INVALID_RELATION",
          where,
          `needs infons ${names.entity1}, ${names.entity2} and ${names.type} (the arguments and the type)`,
          d,
        );
      }
      const novel = noveltyOf(names.novelty, infons, options.defaultNovel, where, d);
      const relationOut: BioredRelation = {
        documentId: document.id,
        entity1,
        entity2,
        type,
        novel,
      };
      const entity1Type = typeOf(entity1);
      const entity2Type = typeOf(entity2);
      if (entity1Type !== undefined) relationOut.entity1Type = entity1Type;
      if (entity2Type !== undefined) relationOut.entity2Type = entity2Type;
      out.push(relationOut);
    }
  });
  return out;
}

/** A relation's novelty from its infons, the default when it has none, or INVALID_RELATION. */
function noveltyOf(
  novelty: RelationInfonNames["novelty"],
  infons: Record<string, string>,
  defaultNovel: boolean | undefined,
  where: string,
  d: number,
): boolean {
  const value = novelty ? infons[novelty.key] : undefined;
  if (value === undefined) {
    if (defaultNovel !== undefined) return defaultNovel;
    const missing = novelty ? `infon ${novelty.key} missing` : "the corpus has no novelty infon";
    throw new MetricsError(
      "INVALID_RELATION",
      where,
      `${missing}: pass options.defaultNovel to score without novelty`,
      d,
    );
  }
  if (novelty?.novel.includes(value)) return true;
  if (novelty?.notNovel.includes(value)) return false;
  const allowed = [...(novelty?.novel ?? []), ...(novelty?.notNovel ?? [])];
  throw new MetricsError(
    "INVALID_RELATION",
    where,
    `infon ${novelty?.key} must be ${allowed.map((v) => JSON.stringify(v)).join(" or ")}, got ${JSON.stringify(value)}`,
    d,
  );
}
