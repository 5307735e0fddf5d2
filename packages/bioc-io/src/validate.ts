import { formatJsonPath } from "./context.js";
import { BioCError, type BioCErrorCode, type SourceLocation } from "./errors.js";
import { contentViolations } from "./checks/content.js";
import type { BioCAnnotation, BioCDocument, BioCRelation } from "./model.js";

/** One broken rule, with where it is. */
export interface Violation {
  code: BioCErrorCode;
  message: string;
  jsonPath: string;
  documentId?: string;
}

/** Thrown by strict reading: lists every violation found, not just the first. */
export class BioCValidationError extends BioCError {
  override readonly name = "BioCValidationError";
  readonly violations: readonly Violation[];

  constructor(violations: readonly Violation[], location: SourceLocation = {}) {
    const first = violations[0] as Violation;
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : "";
    super(
      "SCHEMA_VIOLATION",
      `${violations.length} BioC rule violation${violations.length === 1 ? "" : "s"}: ${first.message} at ${first.jsonPath}${more}`,
      {
        ...location,
        jsonPath: first.jsonPath,
        ...(first.documentId !== undefined ? { documentId: first.documentId } : {}),
      },
    );
    this.violations = violations;
  }
}

type Path = (string | number)[];

/**
 * Rules beyond what a lenient reader enforces, on the model: unique document
 * ids; annotation and relation ids present and unique within a document (they
 * share one namespace, since a node may point at either); every node `refid`
 * naming an annotation or relation of the same document; every annotation's
 * text equal to the passage text at its locations (`TEXT_MISMATCH`); every
 * concept a relation names in its infons (`entity1`/`entity2`,
 * `Chemical`/`Disease`, `Gene1`/`Gene2`) carried by an annotation of the
 * document (`DANGLING_REFERENCE`). `firstIndex` numbers the JSON paths.
 */
export function validateDocuments(documents: Iterable<BioCDocument>, firstIndex = 0): Violation[] {
  const out: Violation[] = [];
  const docIds = new Set<string>();
  let di = firstIndex;
  for (const doc of documents) {
    const base: Path = ["documents", di++];
    const add = (code: BioCErrorCode, message: string, path: Path) =>
      out.push({ code, message, jsonPath: formatJsonPath(path), documentId: doc.id });
    if (docIds.has(doc.id))
      add("DUPLICATE_ID", `document id "${doc.id}" appears twice`, [...base, "id"]);
    docIds.add(doc.id);

    const anns: [BioCAnnotation, Path][] = [];
    const rels: [BioCRelation, Path][] = [];
    doc.passages.forEach((p, pi) => {
      const pp = [...base, "passages", pi];
      p.annotations.forEach((a, i) => {
        anns.push([a, [...pp, "annotations", i]]);
      });
      p.relations.forEach((r, i) => {
        rels.push([r, [...pp, "relations", i]]);
      });
      p.sentences.forEach((s, si) => {
        const sp = [...pp, "sentences", si];
        s.annotations.forEach((a, i) => {
          anns.push([a, [...sp, "annotations", i]]);
        });
        s.relations.forEach((r, i) => {
          rels.push([r, [...sp, "relations", i]]);
        });
      });
    });
    doc.annotations.forEach((a, i) => {
      anns.push([a, [...base, "annotations", i]]);
    });
    doc.relations.forEach((r, i) => {
      rels.push([r, [...base, "relations", i]]);
    });

    const ids = new Set<string>();
    for (const [item, path] of [...anns, ...rels]) {
      if (item.id === "") {
        add("MISSING_FIELD", "id is empty", [...path, "id"]);
        continue;
      }
      if (ids.has(item.id))
        add("DUPLICATE_ID", `id "${item.id}" is used twice in this document`, [...path, "id"]);
      ids.add(item.id);
    }
    for (const [rel, path] of rels) {
      rel.nodes.forEach((n, ni) => {
        if (!ids.has(n.refid))
          add(
            "DANGLING_REFERENCE",
            `node refid "${n.refid}" names no annotation or relation of this document`,
            [...path, "nodes", ni, "refid"],
          );
      });
    }
    out.push(...contentViolations(doc, di - 1));
  }
  return out;
}
