import { type BioCCollection, type BioCDocument, allRelations } from "@biore/bioc-io";
import { MetricsError } from "../shared/errors.js";
import { entityTypeMaps } from "./entity-types.js";
import { relationIdentifiers } from "./ncbi-rules.js";
import type { BioredRelation } from "./relation.js";

/** Options of {@link relationsFromBioC}. */
export interface RelationsFromBioCOptions {
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
 * `novel` = `Novel`|`No`), from the relation lists at every level (passage, sentence, document). `entity1Type` /
 * `entity2Type` are set from the document's annotations when every identifier of the argument
 * is annotated with one and the same type.
 */
export function relationsFromBioC(
  source: BioCCollection | BioCDocument | readonly BioCDocument[],
  options: RelationsFromBioCOptions = {},
): BioredRelation[] {
  const argument = options.argument ?? "collection";
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
      const { entity1, entity2, type } = infons;
      if (!entity1 || !entity2 || !type) {
        throw new MetricsError(
          "INVALID_RELATION",
          where,
          "needs infons entity1, entity2 and type (BioRED relations)",
          d,
        );
      }
      const novelInfon = infons.novel;
      let novel: boolean;
      if (novelInfon === "Novel") novel = true;
      else if (novelInfon === "No") novel = false;
      else if (novelInfon === undefined && options.defaultNovel !== undefined) {
        novel = options.defaultNovel;
      } else {
        throw new MetricsError(
          "INVALID_RELATION",
          where,
          `infon novel must be "Novel" or "No", got ${JSON.stringify(novelInfon)}`,
          d,
        );
      }
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
