import type {
  BioCAnnotation,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  BioCSentence,
} from "../model.js";
import { annotationTextMatches, type TextSpan } from "../offsets.js";
import {
  ARGUMENT_INFONS,
  hasNodelessRelation,
  hasSeparator,
  isConceptIdInfon,
  SEPARATORS,
} from "./content.js";
import { IdStamps } from "./id-stamps.js";

// Reading runs every content rule (validate.ts, content.ts) on every document,
// and nearly every document breaks none. This decides that in one walk with no
// path, closure, message or per-document table: ids and concepts map to the
// number (stamp) of the document that last used them, so nothing is cleared.
// It applies the same rules (annotation text through offsets.ts itself), so it
// calls a document clean exactly when the full rules find nothing in it; a
// document it does not call clean goes through the full rules, which find and
// describe each violation in their own order.

type Span = TextSpan | undefined;

/**
 * Decides, one document at a time, that a document breaks no id, node, offset
 * or concept rule. {@link isClean} walks a whole document; the JSON fast path
 * (json/fast-fill.ts) instead calls {@link begin}, {@link newId},
 * {@link addConcept} and the offset check item by item while it fills the
 * document in, then {@link finish}, so a document is walked once.
 */
export class CleanCheck {
  /** annotation or relation id -> stamp of the last document that used it */
  private readonly ids = new IdStamps();
  /** concept id carried by an annotation -> stamp of the last document that carried it */
  private readonly concepts = new Map<string, number>();
  private stamp = 0;
  private needConcepts = false;
  /** The document's concept ids as the full rules collect them are added. */
  private ruleConcepts = false;
  private doc: BioCDocument | undefined;

  /** True when `doc` certainly breaks none of the per-document rules (its own id aside). */
  isClean(doc: BioCDocument): boolean {
    this.begin(hasNodelessRelation(doc));
    const passages = doc.passages;
    for (let pi = 0; pi < passages.length; pi++) {
      const p = passages[pi] as BioCPassage;
      const own: Span =
        p.text !== undefined && p.sentences.length === 0 && p.annotations.length > 0
          ? (p as TextSpan)
          : undefined;
      if (!this.annotations(p.annotations, own, passages) || !this.relationIds(p.relations))
        return false;
      const sentences = p.sentences;
      for (let si = 0; si < sentences.length; si++) {
        const s = sentences[si] as BioCSentence;
        if (!this.annotations(s.annotations, s, passages) || !this.relationIds(s.relations))
          return false;
      }
    }
    if (!this.annotations(doc.annotations, undefined, passages)) return false;
    if (!this.relationIds(doc.relations)) return false;
    return this.finish(doc);
  }

  /**
   * Starts a document. `needConcepts`: some relation of the document or its
   * passages has no nodes (content.ts hasNodelessRelation), so the concept
   * ids of its annotations are to be collected with {@link addConcept}.
   */
  begin(needConcepts: boolean): void {
    this.stamp++;
    this.ruleConcepts = false;
    this.needConcepts = needConcepts;
  }

  /**
   * Ends a document whose annotation and relation ids have all been passed to
   * {@link newId} (and, when it needs concepts, whose annotations' concept-id
   * infons to {@link addConcept}): true when its node references and
   * concepts are right as well.
   */
  finish(doc: BioCDocument): boolean {
    this.doc = doc;
    const passages = doc.passages;
    // every id is known now: node references and concepts
    // (the concept rule reads document and passage relations, not sentence ones)
    for (let pi = 0; pi < passages.length; pi++) {
      const p = passages[pi] as BioCPassage;
      if (!this.references(p.relations, true)) return false;
      const sentences = p.sentences;
      for (let si = 0; si < sentences.length; si++)
        if (!this.references((sentences[si] as BioCSentence).relations, false)) return false;
    }
    return this.references(doc.relations, true);
  }

  /** Records the whole value of an annotation's concept-id infon (see {@link addConcepts}). */
  addConcept(value: string): void {
    this.concepts.set(value, this.stamp);
  }

  /** A non-empty id no other annotation or relation of this document has. */
  newId(id: string): boolean {
    return id !== "" && this.ids.add(id, this.stamp);
  }

  private annotations(
    list: readonly BioCAnnotation[],
    own: Span,
    passages: readonly BioCPassage[],
  ) {
    for (let i = 0; i < list.length; i++) {
      const a = list[i] as BioCAnnotation;
      if (!this.newId(a.id) || !annotationTextMatches(a, own, passages)) return false;
      if (this.needConcepts) this.addConcepts(a);
    }
    return true;
  }

  private relationIds(list: readonly BioCRelation[]): boolean {
    for (let i = 0; i < list.length; i++)
      if (!this.newId((list[i] as BioCRelation).id)) return false;
    return true;
  }

  /**
   * The concept-id infons of an annotation, each whole value as it is: what
   * relations name in real files. Any miss makes {@link knownConcept} add the
   * ids exactly as the full rules collect them (split, trimmed) and decide as
   * they do.
   */
  private addConcepts(a: BioCAnnotation): void {
    const infons = a.infons;
    for (const key in infons)
      if (isConceptIdInfon(key)) this.concepts.set(infons[key] as string, this.stamp);
  }

  /** The concept ids of the document as the full rules collect them (content.ts addConceptIds). */
  private addRuleConcepts(doc: BioCDocument): void {
    const lists: (readonly BioCAnnotation[])[] = [doc.annotations];
    for (const p of doc.passages) {
      lists.push(p.annotations);
      for (const s of p.sentences) lists.push(s.annotations);
    }
    for (const list of lists)
      for (const a of list)
        for (const key in a.infons) {
          if (!isConceptIdInfon(key)) continue;
          const v = a.infons[key] as string;
          if (!hasSeparator(v)) this.concepts.set(v.trim(), this.stamp);
          else for (const part of v.split(SEPARATORS)) this.concepts.set(part.trim(), this.stamp);
        }
  }

  /** A concept a relation names is carried by an annotation (content.ts checkConcept's rule). */
  private knownConcept(v: string): boolean {
    const concepts = this.concepts;
    if (concepts.get(v) === this.stamp) return true;
    if (!this.ruleConcepts) {
      this.ruleConcepts = true;
      this.addRuleConcepts(this.doc as BioCDocument);
      if (concepts.get(v) === this.stamp) return true;
    }
    for (const part of v.split(SEPARATORS))
      if (concepts.get(part.trim()) !== this.stamp) return false;
    return true;
  }

  /** Nodes name ids of this document; (with `concepts`) a nodeless relation's concepts are carried here. */
  private references(list: readonly BioCRelation[], concepts: boolean): boolean {
    for (let i = 0; i < list.length; i++) {
      const r = list[i] as BioCRelation;
      const nodes = r.nodes;
      if (nodes.length === 0) {
        if (concepts && !this.conceptsKnown(r)) return false;
        continue;
      }
      for (let n = 0; n < nodes.length; n++)
        if (!this.ids.has((nodes[n] as { refid: string }).refid, this.stamp)) return false;
    }
    return true;
  }

  private conceptsKnown(r: BioCRelation): boolean {
    const infons = r.infons;
    for (let a = 0; a < ARGUMENT_INFONS.length; a++) {
      const pair = ARGUMENT_INFONS[a] as (typeof ARGUMENT_INFONS)[number];
      const v1 = infons[pair[0]];
      const v2 = infons[pair[1]];
      if (v1 === undefined || v2 === undefined) continue;
      return this.knownConcept(v1) && this.knownConcept(v2);
    }
    return true;
  }
}
