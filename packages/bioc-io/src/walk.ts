import type { BioCAnnotation, BioCDocument, BioCRelation } from "./model.js";

/** Where a node sits in its document; -1 where it is not at that level (document-level: both -1). */
export interface NodePlace {
  passageIndex: number;
  sentenceIndex: number;
}

const NONE: readonly never[] = [];

/**
 * Visits every node of one kind in a document, at every level BioC allows, in
 * one order: each passage's own nodes, then its sentences' in order, then the
 * document's own. (Missing lists are read as empty, for hand-built objects.)
 */
function walk<T>(
  document: BioCDocument,
  pick: (holder: { annotations?: BioCAnnotation[]; relations?: BioCRelation[] }) => T[] | undefined,
  visit: (node: T, place: NodePlace) => void,
): void {
  (document.passages ?? NONE).forEach((passage, passageIndex) => {
    for (const node of pick(passage) ?? NONE) visit(node, { passageIndex, sentenceIndex: -1 });
    (passage.sentences ?? NONE).forEach((sentence, sentenceIndex) => {
      for (const node of pick(sentence) ?? NONE) visit(node, { passageIndex, sentenceIndex });
    });
  });
  for (const node of pick(document) ?? NONE) visit(node, { passageIndex: -1, sentenceIndex: -1 });
}

/** Calls `visit` for every annotation of a document: passage-, sentence- and document-level. */
export function forEachAnnotation(
  document: BioCDocument,
  visit: (annotation: BioCAnnotation, place: NodePlace) => void,
): void {
  walk(document, (h) => h.annotations, visit);
}

/** Calls `visit` for every relation of a document: passage-, sentence- and document-level. */
export function forEachRelation(
  document: BioCDocument,
  visit: (relation: BioCRelation, place: NodePlace) => void,
): void {
  walk(document, (h) => h.relations, visit);
}

/** Every annotation of a document (passage-, sentence- and document-level), in {@link forEachAnnotation}'s order. */
export function allAnnotations(document: BioCDocument): BioCAnnotation[] {
  const out: BioCAnnotation[] = [];
  forEachAnnotation(document, (a) => out.push(a));
  return out;
}

/** Every relation of a document (passage-, sentence- and document-level), in {@link forEachRelation}'s order. */
export function allRelations(document: BioCDocument): BioCRelation[] {
  const out: BioCRelation[] = [];
  forEachRelation(document, (r) => out.push(r));
  return out;
}
