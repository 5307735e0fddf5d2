import { type BioCAnnotation, type BioCDocument, forEachAnnotation } from "@biore/bioc-io";
import { passageContaining, passageSpans } from "./document-text.js";
import { BIORED_SCHEMA, type RelationSchema } from "./schema.js";
import { type TypeMapping, mapEntityType } from "./type-mapping.js";
import type { EntityConcept, Mention } from "./types.js";
import type { DatasetWarning, WarningHandler } from "./warnings.js";

/** Options of {@link buildConcepts}. */
export interface BuildConceptsOptions {
  schema?: RelationSchema;
  onWarning?: WarningHandler;
  /** Renames entity types as they are read (another corpus's types to the model's). */
  typeMap?: TypeMapping;
}

/** A mention with its entity type and the concepts it belongs to (none when not normalized). */
export interface TypedMention extends Mention {
  type: string;
  /** Indices into `concepts`. */
  conceptIndices: number[];
}

/** Concepts of one document and what was found while building them. */
export interface DocumentConcepts {
  concepts: EntityConcept[];
  /** Every usable mention in document order, normalized or not. */
  mentions: TypedMention[];
  /** Mentions whose annotation has no (or a `-`) identifier: kept, but in no concept. */
  mentionsWithoutIdentifier: number;
  warnings: DatasetWarning[];
}

/** The identifiers of an annotation under a schema (several for composite / multi-id annotations). */
export function annotationIdentifiers(
  annotation: BioCAnnotation,
  schema: RelationSchema,
): string[] {
  let raw: string | undefined;
  for (const key of schema.identifierKeys) {
    if (annotation.infons[key] !== undefined) {
      raw = annotation.infons[key];
      break;
    }
  }
  if (raw === undefined) return [];
  const ids: string[] = [];
  for (const part of raw.split(schema.identifierSeparator)) {
    const id = part.trim();
    if (!schema.missingIdentifiers.includes(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Groups a document's annotations into concepts by normalized identifier (and type, when one
 * identifier carries several types). Annotations with several identifiers join each concept.
 */
export function buildConcepts(
  document: BioCDocument,
  opts: BuildConceptsOptions = {},
): DocumentConcepts {
  const schema = opts.schema ?? BIORED_SCHEMA;
  const warnings: DatasetWarning[] = [];
  const warn = (w: DatasetWarning): void => {
    warnings.push(w);
    opts.onWarning?.(w);
  };
  const documentId = document.id;
  const spans = passageSpans(document);
  const annotations: Array<{ annotation: BioCAnnotation; passageIndex: number }> = [];
  forEachAnnotation(document, (annotation, { passageIndex }) => {
    annotations.push({ annotation, passageIndex });
  });
  if (annotations.length === 0) {
    warn({
      code: "NO_ANNOTATIONS",
      documentId,
      message: `document ${documentId} has no annotations`,
    });
  }

  const mentions: Array<TypedMention & { ids: string[] }> = [];
  // `ids` stays on the returned mentions (structurally a TypedMention); copying would cost time.
  let mentionsWithoutIdentifier = 0;
  for (const { annotation, passageIndex } of annotations) {
    const type = mapEntityType(annotation.infons[schema.typeKey] ?? "", opts.typeMap);
    let ids = annotationIdentifiers(annotation, schema);
    if (ids.length === 0) {
      mentionsWithoutIdentifier++;
      if (schema.unnormalizedAsConcept) ids = [`@${annotation.id}`];
    }
    for (const location of annotation.locations) {
      const start = location.offset;
      const end = location.offset + location.length;
      const inPassage = passageContaining(spans, start, end);
      // Document-level annotations (passageIndex -1) only need to fall inside some passage.
      if (inPassage !== passageIndex && !(passageIndex < 0 && inPassage >= 0)) {
        const where = inPassage < 0 ? "no passage" : `passage ${inPassage}`;
        warn({
          code: "ANNOTATION_OUTSIDE_PASSAGE",
          documentId,
          annotationId: annotation.id,
          message: `annotation ${annotation.id} [${start}, ${end}) of passage ${passageIndex} lies in ${where}${inPassage < 0 ? "; location ignored" : "; moved there"}`,
        });
        if (inPassage < 0) continue;
      }
      mentions.push({
        annotationId: annotation.id,
        text: annotation.text,
        start,
        end,
        passageIndex: inPassage,
        type,
        conceptIndices: [],
        ids,
      });
    }
  }
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  reportOverlaps(mentions, documentId, warn);

  // One identifier with several types becomes one concept per type, keyed `type:identifier`.
  const typesById = new Map<string, Set<string>>();
  for (const m of mentions) {
    for (const id of m.ids) {
      const types = typesById.get(id) ?? new Set<string>();
      types.add(m.type);
      typesById.set(id, types);
    }
  }
  for (const [id, types] of typesById) {
    if (types.size > 1) {
      warn({
        code: "CONFLICTING_CONCEPT_TYPE",
        documentId,
        message: `identifier ${id} has several types (${[...types].join(", ")}); one concept per type`,
      });
    }
  }
  const concepts: EntityConcept[] = [];
  const conceptIndexByKey = new Map<string, number>();
  for (const m of mentions) {
    for (const id of m.ids) {
      const key = (typesById.get(id)?.size ?? 1) > 1 ? `${m.type}:${id}` : id;
      let index = conceptIndexByKey.get(key);
      if (index === undefined) {
        index = concepts.length;
        conceptIndexByKey.set(key, index);
        concepts.push({ key, identifier: id, type: m.type, mentions: [] });
      }
      concepts[index]!.mentions.push({
        annotationId: m.annotationId,
        text: m.text,
        start: m.start,
        end: m.end,
        passageIndex: m.passageIndex,
      });
      m.conceptIndices.push(index);
    }
  }
  return {
    concepts,
    mentions,
    mentionsWithoutIdentifier,
    warnings,
  };
}

function reportOverlaps(
  sorted: ReadonlyArray<TypedMention>,
  documentId: string,
  warn: (w: DatasetWarning) => void,
): void {
  let reach = -1;
  let reachId = "";
  for (const m of sorted) {
    if (m.start < reach && m.annotationId !== reachId) {
      warn({
        code: "OVERLAPPING_MENTIONS",
        documentId,
        annotationId: m.annotationId,
        message: `annotation ${m.annotationId} [${m.start}, ${m.end}) overlaps annotation ${reachId}`,
      });
    }
    if (m.end > reach) {
      reach = m.end;
      reachId = m.annotationId;
    }
  }
}
