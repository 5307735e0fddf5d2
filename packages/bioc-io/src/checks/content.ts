import { formatJsonPath } from "../context.js";
import type {
  BioCAnnotation,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  BioCSentence,
} from "../model.js";
import { documentOffsetMismatches, type OffsetMismatch } from "../offsets.js";
import type { Violation } from "../validate.js";

// Content rules that need the text, not only the layout: an annotation's text
// must be the passage text at its offsets, and a relation that names concepts
// in its infons (BioRED `entity1`/`entity2`, CDR `Chemical`/`Disease`, BC6PM
// `Gene1`/`Gene2`) must name concepts some annotation of the document has.

/** Relation infon pairs that name the two concepts of a document-level relation. */
export const ARGUMENT_INFONS = [
  ["entity1", "entity2"],
  ["Chemical", "Disease"],
  ["Gene1", "Gene2"],
] as const;
export const SEPARATORS = /[,|;]/;

/** `SEPARATORS.test(v)` without the regex call, for the many short ids. */
export function hasSeparator(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 44 || c === 124 || c === 59) return true;
  }
  return false;
}

/** Annotation infons that carry concept ids (several joined by `,`, `|` or `;`). */
export function isConceptIdInfon(key: string): boolean {
  return key === "identifier" || key === "MESH" || key === "NCBI GENE" || key === "Identifier";
}

function addConceptIds(a: BioCAnnotation, ids: Set<string>): boolean {
  let any = false;
  const infons = a.infons;
  // over the few infons an annotation has, rather than looking up each
  // concept-id name (misses on objects of many shapes are slow)
  for (const key in infons) {
    if (!isConceptIdInfon(key)) continue;
    const v = infons[key] as string;
    any = true;
    if (!hasSeparator(v)) ids.add(v.trim());
    else for (const part of v.split(SEPARATORS)) ids.add(part.trim());
  }
  return any;
}

/** Adds the concept ids of `annotations`; true when any of them carries one. */
function addAllConceptIds(annotations: readonly BioCAnnotation[], ids: Set<string>): boolean {
  let any = false;
  for (let i = 0; i < annotations.length; i++)
    if (addConceptIds(annotations[i] as BioCAnnotation, ids)) any = true;
  return any;
}

function hasNodeless(relations: readonly BioCRelation[]): boolean {
  for (let i = 0; i < relations.length; i++)
    if ((relations[i] as BioCRelation).nodes.length === 0) return true;
  return false;
}

/** True when some relation of the document (document or passage level) has no nodes: only those name concepts. */
export function hasNodelessRelation(doc: BioCDocument): boolean {
  if (hasNodeless(doc.relations)) return true;
  for (let i = 0; i < doc.passages.length; i++)
    if (hasNodeless((doc.passages[i] as BioCPassage).relations)) return true;
  return false;
}

/** What a concept check reports into: the document, its index and the ids its annotations carry. */
interface ConceptScope {
  doc: BioCDocument;
  index: number;
  ids: Set<string>;
  annotated: boolean;
  out: Violation[];
}

/**
 * Checks the concepts named by the nodeless relations of one list (passage
 * `p`, -1: the document's own); allocates only for a violation.
 */
function checkRelationConcepts(relations: readonly BioCRelation[], p: number, scope: ConceptScope) {
  for (let i = 0; i < relations.length; i++) {
    const r = relations[i] as BioCRelation;
    if (r.nodes.length > 0) continue; // nodes name annotations; validateDocuments checks those
    const infons = r.infons;
    for (let a = 0; a < ARGUMENT_INFONS.length; a++) {
      const pair = ARGUMENT_INFONS[a] as (typeof ARGUMENT_INFONS)[number];
      const v1 = infons[pair[0]];
      const v2 = infons[pair[1]];
      if (v1 === undefined || v2 === undefined) continue;
      checkConcept(v1, pair[0], i, p, scope);
      checkConcept(v2, pair[1], i, p, scope);
      break;
    }
  }
}

function checkConcept(value: string, key: string, i: number, p: number, scope: ConceptScope) {
  const ids = scope.ids;
  if (ids.has(value)) return; // one plain id, the common case
  const missing = value.split(SEPARATORS).filter((id) => !ids.has(id.trim()));
  if (missing.length === 0) return;
  const path =
    p < 0
      ? ["documents", scope.index, "relations", i, "infons", key]
      : ["documents", scope.index, "passages", p, "relations", i, "infons", key];
  scope.out.push({
    code: "DANGLING_REFERENCE",
    message: scope.annotated
      ? `relation names concept "${missing[0]}" (infon ${key}) that no annotation of this document has`
      : `relation names concept "${missing[0]}" (infon ${key}) but no annotation of this document carries a concept id`,
    jsonPath: formatJsonPath(path),
    documentId: scope.doc.id,
  });
}

/** Relations (document or passage level) that name a concept no annotation of the document has. */
function danglingConcepts(doc: BioCDocument, index: number, out: Violation[]): void {
  if (!hasNodelessRelation(doc)) return; // nothing to look up: skip collecting the ids
  const ids = new Set<string>();
  let annotated = false;
  for (let pi = 0; pi < doc.passages.length; pi++) {
    const p = doc.passages[pi] as BioCPassage;
    if (addAllConceptIds(p.annotations, ids)) annotated = true;
    for (let si = 0; si < p.sentences.length; si++)
      if (addAllConceptIds((p.sentences[si] as BioCSentence).annotations, ids)) annotated = true;
  }
  if (addAllConceptIds(doc.annotations, ids)) annotated = true;
  const scope: ConceptScope = { doc, index, ids, annotated, out };
  checkRelationConcepts(doc.relations, -1, scope);
  for (let pi = 0; pi < doc.passages.length; pi++)
    checkRelationConcepts((doc.passages[pi] as BioCPassage).relations, pi, scope);
}

/** The mismatch list of the next document: replaced only when one was used, so most documents allocate none. */
let scratch: OffsetMismatch[] = [];

/**
 * Content violations of one document (the `index`-th of its collection),
 * appended to `out`: `TEXT_MISMATCH` for annotation text that is not the
 * passage text at its offsets, `DANGLING_REFERENCE` for a relation naming an
 * unknown concept.
 */
export function contentViolations(
  doc: BioCDocument,
  index: number,
  out: Violation[] = [],
): Violation[] {
  const mismatches = scratch;
  documentOffsetMismatches(doc, index, mismatches);
  if (mismatches.length > 0) scratch = [];
  for (const m of mismatches)
    out.push({
      code: "TEXT_MISMATCH",
      message: `annotation ${JSON.stringify(m.annotationId)} has text ${JSON.stringify(m.expected.slice(0, 40))} but the passage has ${JSON.stringify(m.found.slice(0, 40))} at its offsets`,
      jsonPath: m.jsonPath,
      documentId: doc.id,
    });
  danglingConcepts(doc, index, out);
  return out;
}
