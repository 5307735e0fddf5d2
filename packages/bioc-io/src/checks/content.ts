import { formatJsonPath } from "../context.js";
import type { BioCAnnotation, BioCDocument, Infons } from "../model.js";
import { checkOffsets } from "../offsets.js";
import type { Violation } from "../validate.js";

// Content rules that need the text, not only the layout: an annotation's text
// must be the passage text at its offsets, and a relation that names concepts
// in its infons (BioRED `entity1`/`entity2`, CDR `Chemical`/`Disease`, BC6PM
// `Gene1`/`Gene2`) must name concepts some annotation of the document has.

/** Annotation infons that carry concept ids (several joined by `,`, `|` or `;`). */
const CONCEPT_ID_INFONS = ["identifier", "MESH", "NCBI GENE", "Identifier"] as const;
/** Relation infon pairs that name the two concepts of a document-level relation. */
const ARGUMENT_INFONS = [
  ["entity1", "entity2"],
  ["Chemical", "Disease"],
  ["Gene1", "Gene2"],
] as const;
const SEPARATORS = /[,|;]/;

function addConceptIds(a: BioCAnnotation, ids: Set<string>): boolean {
  let any = false;
  for (const key of CONCEPT_ID_INFONS) {
    const v = a.infons[key];
    if (v === undefined) continue;
    any = true;
    if (!SEPARATORS.test(v)) ids.add(v.trim());
    else for (const part of v.split(SEPARATORS)) ids.add(part.trim());
  }
  return any;
}

function eachAnnotation(doc: BioCDocument, f: (a: BioCAnnotation) => void): void {
  for (const p of doc.passages) {
    for (const a of p.annotations) f(a);
    for (const s of p.sentences) for (const a of s.annotations) f(a);
  }
  for (const a of doc.annotations) f(a);
}

function argumentsOf(infons: Infons): [string, string, string, string] | undefined {
  for (const [k1, k2] of ARGUMENT_INFONS) {
    const v1 = infons[k1];
    const v2 = infons[k2];
    if (v1 !== undefined && v2 !== undefined) return [k1, v1, k2, v2];
  }
  return undefined;
}

/** Relations (document or passage level) that name a concept no annotation of the document has. */
function danglingConcepts(doc: BioCDocument, index: number, out: Violation[]): void {
  const ids = new Set<string>();
  let annotated = false;
  eachAnnotation(doc, (a) => {
    if (addConceptIds(a, ids)) annotated = true;
  });
  const check = (infons: Infons, nodes: number, path: (string | number)[]) => {
    if (nodes > 0) return; // nodes name annotations; validateDocuments checks those
    const args = argumentsOf(infons);
    if (!args) return;
    for (const [key, value] of [
      [args[0], args[1]],
      [args[2], args[3]],
    ] as const) {
      if (ids.has(value)) continue; // one plain id, the common case
      const missing = value.split(SEPARATORS).filter((id) => !ids.has(id.trim()));
      if (missing.length === 0) continue;
      out.push({
        code: "DANGLING_REFERENCE",
        message: annotated
          ? `relation names concept "${missing[0]}" (infon ${key}) that no annotation of this document has`
          : `relation names concept "${missing[0]}" (infon ${key}) but no annotation of this document carries a concept id`,
        jsonPath: formatJsonPath([...path, "infons", key]),
        documentId: doc.id,
      });
    }
  };
  for (const [i, r] of doc.relations.entries())
    check(r.infons, r.nodes.length, ["documents", index, "relations", i]);
  for (const [pi, p] of doc.passages.entries())
    for (const [i, r] of p.relations.entries())
      check(r.infons, r.nodes.length, ["documents", index, "passages", pi, "relations", i]);
}

/**
 * Content violations of one document (the `index`-th of its collection):
 * `TEXT_MISMATCH` for annotation text that is not the passage text at its
 * offsets, `DANGLING_REFERENCE` for a relation naming an unknown concept.
 */
export function contentViolations(doc: BioCDocument, index: number): Violation[] {
  const out: Violation[] = [];
  for (const m of checkOffsets([doc]))
    out.push({
      code: "TEXT_MISMATCH",
      message: `annotation ${JSON.stringify(m.annotationId)} has text ${JSON.stringify(m.expected.slice(0, 40))} but the passage has ${JSON.stringify(m.found.slice(0, 40))} at its offsets`,
      jsonPath: m.jsonPath.replace(/^\$\.documents\[0\]/, `$.documents[${index}]`),
      documentId: doc.id,
    });
  danglingConcepts(doc, index, out);
  return out;
}
