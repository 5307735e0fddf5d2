import { formatJsonPath } from "./context.js";
import { BioCError, type BioCErrorCode, type SourceLocation } from "./errors.js";
import { contentViolations } from "./checks/content.js";
import type {
  BioCAnnotation,
  BioCDocument,
  BioCNode,
  BioCPassage,
  BioCRelation,
  BioCSentence,
} from "./model.js";

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
    const index = di++;
    const add = (code: BioCErrorCode, message: string, path: Path) =>
      out.push({ code, message, jsonPath: formatJsonPath(path), documentId: doc.id });
    if (docIds.has(doc.id))
      add("DUPLICATE_ID", `document id "${doc.id}" appears twice`, ["documents", index, "id"]);
    docIds.add(doc.id);

    // ids share one namespace (a node may point at an annotation or a relation);
    // annotations first, then relations, each in document order
    const ids = new Set<string>();
    const checkId = (item: { id: string }, where: Where) => {
      if (item.id === "") add("MISSING_FIELD", "id is empty", [...pathOf(index, where), "id"]);
      else if (ids.has(item.id))
        add("DUPLICATE_ID", `id "${item.id}" is used twice in this document`, [
          ...pathOf(index, where),
          "id",
        ]);
      else ids.add(item.id);
    };
    eachItem(doc, "annotations", checkId);
    eachItem(doc, "relations", checkId);
    eachItem(doc, "relations", (rel, where) => {
      const nodes = (rel as BioCRelation).nodes;
      for (let ni = 0; ni < nodes.length; ni++) {
        const refid = (nodes[ni] as BioCNode).refid;
        if (!ids.has(refid))
          add(
            "DANGLING_REFERENCE",
            `node refid "${refid}" names no annotation or relation of this document`,
            [...pathOf(index, where), "nodes", ni, "refid"],
          );
      }
    });
    out.push(...contentViolations(doc, index));
  }
  return out;
}

/** Where an annotation or relation sits: passage `p` (-1: the document), sentence `s` (-1: none), item `i`. */
interface Where {
  kind: "annotations" | "relations";
  p: number;
  s: number;
  i: number;
}

function pathOf(doc: number, w: Where): Path {
  if (w.p < 0) return ["documents", doc, w.kind, w.i];
  if (w.s < 0) return ["documents", doc, "passages", w.p, w.kind, w.i];
  return ["documents", doc, "passages", w.p, "sentences", w.s, w.kind, w.i];
}

/** Calls `f` for every annotation (or relation) of a document: per passage its own, then its sentences'; then the document's. */
function eachItem(
  doc: BioCDocument,
  kind: "annotations" | "relations",
  f: (item: BioCAnnotation | BioCRelation, where: Where) => void,
): void {
  const where: Where = { kind, p: -1, s: -1, i: 0 };
  for (let p = 0; p < doc.passages.length; p++) {
    const passage = doc.passages[p] as BioCPassage;
    where.p = p;
    where.s = -1;
    const own = passage[kind];
    for (let i = 0; i < own.length; i++) {
      where.i = i;
      f(own[i] as BioCAnnotation | BioCRelation, where);
    }
    for (let si = 0; si < passage.sentences.length; si++) {
      where.s = si;
      const items = (passage.sentences[si] as BioCSentence)[kind];
      for (let i = 0; i < items.length; i++) {
        where.i = i;
        f(items[i] as BioCAnnotation | BioCRelation, where);
      }
    }
  }
  where.p = -1;
  where.s = -1;
  const top = doc[kind];
  for (let i = 0; i < top.length; i++) {
    where.i = i;
    f(top[i] as BioCAnnotation | BioCRelation, where);
  }
}
