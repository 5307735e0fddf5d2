import { type BioCDocument, allRelations } from "@biore/bioc-io";
import type { RelationSchema } from "@biore/relation-dataset";
import type { BioredRelation } from "@biore/re-metrics";

/**
 * Gold relations as the BioRED track scores them, read from the BioC
 * documents (not from candidate pairs, so relations the pair builder could
 * not map still count as misses). Needs a schema whose arguments are concept
 * identifiers in infons; returns undefined for node-based schemas.
 */
export function goldRelations(
  documents: readonly BioCDocument[],
  schema: RelationSchema,
): BioredRelation[] | undefined {
  const args = schema.arguments;
  if (args.kind !== "infons") return undefined;
  const out: BioredRelation[] = [];
  for (const document of documents) {
    for (const relation of allRelations(document)) {
      const entity1 = relation.infons[args.headKey];
      const entity2 = relation.infons[args.tailKey];
      const type = relation.infons[schema.relationTypeKey];
      if (!entity1 || !entity2 || !type) continue;
      const novelValue = schema.novelty ? relation.infons[schema.novelty.key] : undefined;
      const novel = novelValue !== undefined && (schema.novelty?.novel ?? []).includes(novelValue);
      out.push({ documentId: document.id, entity1, entity2, type, novel });
    }
  }
  return out;
}
