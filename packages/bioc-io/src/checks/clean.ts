import type {
  BioCAnnotation,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  BioCSentence,
} from "../model.js";
import { annotationTextMatches, type TextSpan } from "../offsets.js";
import { hasNodelessRelation, hasSeparator, isConceptIdInfon, SEPARATORS } from "./content.js";
import { IdStamps } from "./id-stamps.js";
import { StampedSet } from "./stamped-set.js";

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
  /** the concept ids carried by the document's annotations */
  private readonly concepts = new StampedSet();
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
    this.concepts.begin(this.stamp);
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
    this.concepts.add(value);
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
    for (const key in infons) if (isConceptIdInfon(key)) this.concepts.add(infons[key] as string);
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
          if (!hasSeparator(v)) this.concepts.add(v.trim());
          else for (const part of v.split(SEPARATORS)) this.concepts.add(part.trim());
        }
  }

  /** A concept a relation names is carried by an annotation (content.ts checkConcept's rule). */
  private knownConcept(v: string): boolean {
    const concepts = this.concepts;
    if (concepts.has(v)) return true;
    if (!this.ruleConcepts) {
      this.ruleConcepts = true;
      this.addRuleConcepts(this.doc as BioCDocument);
      if (concepts.has(v)) return true;
    }
    for (const part of v.split(SEPARATORS)) if (!concepts.has(part.trim())) return false;
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

  /** content.ts checkRelationConcepts's rule: the first pair of ARGUMENT_INFONS the relation has. */
  private conceptsKnown(r: BioCRelation): boolean {
    const infons = r.infons;
    // one named load per infon rather than keys taken from ARGUMENT_INFONS:
    // 0.003-0.008x of JSON.parse faster on BioRED Dev in same-run A/B
    let v1 = infons.entity1;
    let v2 = infons.entity2;
    if (v1 === undefined || v2 === undefined) {
      v1 = infons.Chemical;
      v2 = infons.Disease;
    }
    if (v1 === undefined || v2 === undefined) {
      v1 = infons.Gene1;
      v2 = infons.Gene2;
    }
    if (v1 === undefined || v2 === undefined) return true;
    return this.knownConcept(v1) && this.knownConcept(v2);
  }
}
