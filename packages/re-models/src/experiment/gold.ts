import { type BioCDocument, type BioCRelation, allRelations } from "@biore/bioc-io";
import { type BioredRelation, relationsFromBioC } from "@biore/re-metrics";
import type { RelationSchema } from "@biore/relation-dataset";

/** BioRED's own relation infons: re-metrics reads these directly. */
function isBioredStyle(schema: RelationSchema): boolean {
  const args = schema.arguments;
  return (
    args.kind === "infons" &&
    args.headKey === "entity1" &&
    args.tailKey === "entity2" &&
    schema.relationTypeKey === "type" &&
    (schema.novelty === undefined || schema.novelty.key === "novel")
  );
}

/**
 * The gold relations as the BioRED track scores them, read by re-metrics' `relationsFromBioC`
 * from the BioC documents themselves (not from candidate pairs, so relations the pair builder
 * could not map still count as misses). A corpus whose relations name their arguments in other
 * infons (CDR's `Chemical`/`Disease`) is read through a view with BioRED's infon names;
 * relations without novelty count as not novel. Undefined for node-based schemas, whose
 * arguments are annotations rather than concept identifiers.
 */
export function goldRelations(
  documents: readonly BioCDocument[],
  schema: RelationSchema,
): BioredRelation[] | undefined {
  if (schema.arguments.kind !== "infons") return undefined;
  const view = isBioredStyle(schema) ? documents : documents.map((d) => bioredView(d, schema));
  return relationsFromBioC(view, { defaultNovel: false, argument: "gold documents" });
}

/** The document with every relation moved to document level under BioRED's infon names. */
function bioredView(document: BioCDocument, schema: RelationSchema): BioCDocument {
  const args = schema.arguments as { headKey: string; tailKey: string };
  const novelty = schema.novelty;
  const rename = (relation: BioCRelation): BioCRelation => {
    const infons: Record<string, string> = {};
    const entity1 = relation.infons[args.headKey];
    const entity2 = relation.infons[args.tailKey];
    const type = relation.infons[schema.relationTypeKey];
    if (entity1 !== undefined) infons.entity1 = entity1;
    if (entity2 !== undefined) infons.entity2 = entity2;
    if (type !== undefined) infons.type = type;
    const value = novelty ? relation.infons[novelty.key] : undefined;
    if (value !== undefined) infons.novel = novelty?.novel.includes(value) ? "Novel" : "No";
    return { ...relation, infons };
  };
  return {
    ...document,
    passages: document.passages.map((p) => ({
      ...p,
      relations: [],
      sentences: p.sentences.map((s) => ({ ...s, relations: [] })),
    })),
    relations: allRelations(document).map(rename),
  };
}
