import type { BioCDocument } from "@biore/bioc-io";
import { type BioredRelation, relationsFromBioC } from "@biore/re-metrics";
import type { RelationSchema } from "@biore/relation-dataset";

/**
 * The gold relations as the BioRED track scores them, read by re-metrics' `relationsFromBioC`
 * from the BioC documents themselves (not from candidate pairs, so relations the pair builder
 * could not map still count as misses), under the schema's infon names (CDR's
 * `Chemical`/`Disease`/`relation`, ...); relations without novelty count as not novel.
 * Undefined for node-based schemas, whose arguments are annotations rather than concept
 * identifiers.
 */
export function goldRelations(
  documents: readonly BioCDocument[],
  schema: RelationSchema,
): BioredRelation[] | undefined {
  if (schema.arguments.kind !== "infons") return undefined;
  return relationsFromBioC(documents, {
    defaultNovel: false,
    argument: "gold documents",
    infons: {
      entity1: schema.arguments.headKey,
      entity2: schema.arguments.tailKey,
      type: schema.relationTypeKey,
      novelty: schema.novelty ?? null,
    },
  });
}
