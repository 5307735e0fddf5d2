import { type BioCDocument, allAnnotations, allRelations } from "@biore/bioc-io";
import { RelationDatasetError } from "./warnings.js";

/** How a relation names its two arguments: by concept identifiers in infons, or by annotation ids in nodes. */
export type RelationArguments =
  | { kind: "infons"; headKey: string; tailKey: string }
  | { kind: "nodes"; headRole?: string; tailRole?: string };

/**
 * A corpus's conventions, as data: where identifiers, types, relation types and
 * novelty live in the infons. Users may define their own.
 */
export interface RelationSchema {
  name: string;
  /** Annotation infon keys holding the normalized identifier; the first present wins. */
  identifierKeys: readonly string[];
  /** Annotation infon key holding the entity type. */
  typeKey: string;
  /** Separator of several identifiers in one annotation (BioRED `,`, CDR composite mentions `|`). */
  identifierSeparator: string;
  /** Identifier values meaning "not normalized" (mention kept, no concept). */
  missingIdentifiers: readonly string[];
  /**
   * When true, an annotation without identifier forms its own concept (key `@<annotation id>`),
   * as node-based corpora without normalization need; otherwise it forms no concept.
   */
  unnormalizedAsConcept: boolean;
  /** Where the two arguments of a relation are. */
  arguments: RelationArguments;
  /** Relation infon key holding the relation type. */
  relationTypeKey: string;
  /** Relation infon key holding novelty, and the values meaning novel / not novel. */
  novelty?: { key: string; novel: readonly string[]; notNovel: readonly string[] };
  /** Entity types expected for head and tail when an identifier is ambiguous across types. */
  argumentTypes?: { head: string; tail: string };
}

/** BioRED: relations between concept ids in `entity1`/`entity2`, type in `type`, novelty in `novel`. */
export const BIORED_SCHEMA: RelationSchema = {
  name: "biored",
  identifierKeys: ["identifier"],
  typeKey: "type",
  identifierSeparator: ",",
  missingIdentifiers: ["", "-"],
  unnormalizedAsConcept: false,
  arguments: { kind: "infons", headKey: "entity1", tailKey: "entity2" },
  relationTypeKey: "type",
  novelty: { key: "novel", novel: ["Novel"], notNovel: ["No"] },
};

/** BioCreative V CDR: `Chemical`/`Disease` MeSH ids, type in `relation` (`CID`); composite mentions use `|`. */
export const CDR_SCHEMA: RelationSchema = {
  name: "cdr",
  identifierKeys: ["MESH", "identifier"],
  typeKey: "type",
  identifierSeparator: "|",
  missingIdentifiers: ["", "-", "-1"],
  unnormalizedAsConcept: false,
  arguments: { kind: "infons", headKey: "Chemical", tailKey: "Disease" },
  relationTypeKey: "relation",
  argumentTypes: { head: "Chemical", tail: "Disease" },
};

/** BioCreative VI Precision Medicine: `Gene1`/`Gene2` NCBI Gene ids, type in `relation`. */
export const BC6PM_SCHEMA: RelationSchema = {
  name: "bc6pm",
  identifierKeys: ["NCBI GENE", "identifier"],
  typeKey: "type",
  identifierSeparator: ",",
  missingIdentifiers: ["", "-"],
  unnormalizedAsConcept: false,
  arguments: { kind: "infons", headKey: "Gene1", tailKey: "Gene2" },
  relationTypeKey: "relation",
};

/** Plain BioC: relations point at annotations through `nodes[].refid`; type in `type`. */
export const NODES_SCHEMA: RelationSchema = {
  name: "nodes",
  identifierKeys: ["identifier"],
  typeKey: "type",
  identifierSeparator: ",",
  missingIdentifiers: ["", "-"],
  unnormalizedAsConcept: true,
  arguments: { kind: "nodes" },
  relationTypeKey: "type",
};

/** The built-in schemas by name. */
export const SCHEMAS: Readonly<Record<"biored" | "cdr" | "bc6pm" | "nodes", RelationSchema>> = {
  biored: BIORED_SCHEMA,
  cdr: CDR_SCHEMA,
  bc6pm: BC6PM_SCHEMA,
  nodes: NODES_SCHEMA,
};

/** A built-in schema by name; throws `UNKNOWN_SCHEMA` for any other name. */
export function schemaByName(name: string): RelationSchema {
  const schema = (SCHEMAS as Record<string, RelationSchema>)[name];
  if (!schema) {
    throw new RelationDatasetError(
      "UNKNOWN_SCHEMA",
      `unknown relation schema "${name}"; known: ${Object.keys(SCHEMAS).join(", ")}`,
    );
  }
  return schema;
}

/**
 * Guesses the schema from relation infon keys (then annotation infon keys) of the first
 * documents; BioRED when nothing decides.
 */
export function detectSchema(documents: Iterable<BioCDocument>, maxDocuments = 50): RelationSchema {
  const infonSchemas = [BIORED_SCHEMA, CDR_SCHEMA, BC6PM_SCHEMA];
  let seen = 0;
  let annotationGuess: RelationSchema | undefined;
  for (const document of documents) {
    for (const relation of allRelations(document)) {
      for (const schema of infonSchemas) {
        const args = schema.arguments;
        if (
          args.kind === "infons" &&
          args.headKey in relation.infons &&
          args.tailKey in relation.infons
        ) {
          return schema;
        }
      }
      if (relation.nodes.length >= 2) return NODES_SCHEMA;
    }
    if (!annotationGuess) {
      for (const annotation of allAnnotations(document)) {
        if ("MESH" in annotation.infons) annotationGuess = CDR_SCHEMA;
        else if ("NCBI GENE" in annotation.infons) annotationGuess = BC6PM_SCHEMA;
        if (annotationGuess) break;
      }
    }
    if (++seen >= maxDocuments) break;
  }
  return annotationGuess ?? BIORED_SCHEMA;
}
