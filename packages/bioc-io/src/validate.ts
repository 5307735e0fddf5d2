import { formatJsonPath } from "./context.js";
import { BioCError, type BioCErrorCode, type SourceLocation } from "./errors.js";
import { CleanCheck } from "./checks/clean.js";
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
  return documentViolations(documents, firstIndex, false);
}

/**
 * {@link validateDocuments}, less the document-id check when the reader has
 * already proven the ids unique (`idsUnique`): the JSON reader refuses a
 * repeated id while converting, and one Set of thousands of ids is enough.
 * With the ids unique every rule is one document's own, so `only` (indices
 * into `documents`, ascending) can leave out documents already proven to
 * break none: the list is the same.
 */
export function documentViolations(
  documents: Iterable<BioCDocument>,
  firstIndex: number,
  idsUnique: boolean,
  only?: readonly number[],
): Violation[] {
  const rules = new IdRules(idsUnique);
  if (only !== undefined && idsUnique && Array.isArray(documents)) {
    for (const i of only) rules.check(documents[i] as BioCDocument, firstIndex + i);
    return rules.out;
  }
  let index = firstIndex;
  for (const doc of documents) rules.check(doc, index++);
  return rules.out;
}

/**
 * The id rules of {@link validateDocuments}, one document at a time. Its
 * callbacks are made once per call, not per document, and a path is built
 * only for a violation: reading runs this on every document it returns.
 */
class IdRules {
  readonly out: Violation[] = [];
  private readonly docIds = new Set<string>();
  // ids share one namespace (a node may point at an annotation or a relation)
  private readonly ids = new Set<string>();
  private readonly clean = new CleanCheck();
  private doc: BioCDocument | undefined;
  private index = 0;
  private readonly where: Where = { kind: "annotations", p: -1, s: -1, i: 0 };
  private readonly checkId = (item: BioCAnnotation | BioCRelation, where: Where): void => {
    const id = item.id;
    if (id === "") this.add("MISSING_FIELD", "id is empty", [...pathOf(this.index, where), "id"]);
    else if (this.ids.has(id))
      this.add("DUPLICATE_ID", `id "${id}" is used twice in this document`, [
        ...pathOf(this.index, where),
        "id",
      ]);
    else this.ids.add(id);
  };
  private readonly checkNodes = (item: BioCAnnotation | BioCRelation, where: Where): void => {
    const nodes = (item as BioCRelation).nodes;
    for (let ni = 0; ni < nodes.length; ni++) {
      const refid = (nodes[ni] as BioCNode).refid;
      if (!this.ids.has(refid))
        this.add(
          "DANGLING_REFERENCE",
          `node refid "${refid}" names no annotation or relation of this document`,
          [...pathOf(this.index, where), "nodes", ni, "refid"],
        );
    }
  };

  private add(code: BioCErrorCode, message: string, path: Path): void {
    const documentId = (this.doc as BioCDocument).id;
    this.out.push({ code, message, jsonPath: formatJsonPath(path), documentId });
  }

  constructor(private readonly idsUnique: boolean) {}

  check(doc: BioCDocument, index: number): void {
    this.doc = doc;
    this.index = index;
    if (!this.idsUnique) {
      if (this.docIds.has(doc.id))
        this.add("DUPLICATE_ID", `document id "${doc.id}" appears twice`, [
          "documents",
          index,
          "id",
        ]);
      this.docIds.add(doc.id);
    }
    if (this.clean.isClean(doc)) return; // the common case: nothing to report
    // annotations first, then relations, each in document order
    if (this.ids.size > 0) this.ids.clear(); // clear() allocates a new table, even when empty
    eachItem(doc, "annotations", this.checkId, this.where);
    eachItem(doc, "relations", this.checkId, this.where);
    eachItem(doc, "relations", this.checkNodes, this.where);
    contentViolations(doc, index, this.out);
  }
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
  where: Where = { kind, p: -1, s: -1, i: 0 },
): void {
  where.kind = kind;
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
