import { CleanCheck } from "../checks/clean.js";
import { isConceptIdInfon } from "../checks/content.js";
import type { ReadContext } from "../context.js";
import type { BioCAnnotation, BioCDocument, BioCPassage } from "../model.js";
import { normalizePassageText } from "../normalize.js";
import { annotationTextMatches, type TextSpan } from "../offsets.js";
import { DistinctIds } from "./distinct-ids.js";
import {
  arrayState,
  barePassagesKeys,
  infonsState,
  isBare,
  isEmptyOrMissing,
  isObject,
  isOffset,
  type JsonObject,
  stringState,
} from "./fill-values.js";

// The fast path of from-json.ts for the documents real files hold. It reads
// each known field by name (no `for in`, no path bookkeeping, no error text)
// and counts the known properties it finds into ctx.jsonKeys. Unknown keys
// are not looked for here: the caller compares the count with the text's key
// count (key-count.ts), and equality proves at once that the text has no
// duplicate key AND no key outside the BioC layout, because every such key
// would be a key of the text that no known field accounts for.
//
// Anything unusual (a wrong type, a null, a missing required field, a
// repeated document id, a count that does not match) makes the fast path
// give up with `false`; the caller then parses the text again and takes
// from-json's field-by-field path, which completes the value or reports the
// first problem exactly as it always has. Defaults for missing optional
// fields are added in from-json's order, so both paths give equal objects
// with the same key order.
//
// The same walk proves each document clean of content-rule violations
// (checks/clean.ts) while its objects are in hand: ids and annotation text as
// each annotation is filled in, concept ids inside the infons loop that type
// checks them, node references once the document is complete. A document
// this cannot settle item by item (a passage-level annotation whose passage
// has sentences: its text is found in whichever passage covers its offset,
// which may not be filled in yet) is checked whole once it is complete.
//
// Passages with infons, text and only empty lists, and documents made of
// nothing else (fill-values.ts isBare; all of BC6PM Triage), hold nothing to
// check: they are counted and completed in one test each, without the walk's
// per-document state (fast-fill-lean.test.ts holds them to the full walk).

/** A relation list (raw, as parsed) holding a relation with no nodes once filled in. */
function hasNodelessRaw(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    if (!isObject(r)) continue; // the fill gives up on it
    const nodes = r.nodes;
    if (nodes === undefined || (Array.isArray(nodes) && nodes.length === 0)) return true;
  }
  return false;
}

/**
 * content.ts hasNodelessRelation of the document `v` will be once filled in
 * (for any document the fill completes; on others it does not matter).
 */
function needsConcepts(v: JsonObject): boolean {
  if (hasNodelessRaw(v.relations)) return true;
  const passages = v.passages;
  if (!Array.isArray(passages)) return false;
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i];
    if (isObject(p) && hasNodelessRaw(p.relations)) return true;
  }
  return false;
}

/** One read's walk over the documents array: fills each document in and proves it clean. */
class FastFiller {
  /** Known properties found (for the key-count proof). */
  keys = 0;
  /** Indices of the documents not proven clean, in the order walked. */
  readonly unclean: number[] = [];
  private readonly clean = new CleanCheck();
  /** The document being filled in is clean as far as the walk has seen. */
  private docClean = true;
  /** Some annotation of the document cannot be checked in the walk: check it whole (see above). */
  private deferred = false;
  /** Items are checked as they are filled in (the document is clean so far and not deferred). */
  private itemChecks = true;
  /** The document has a relation somewhere (else it has no reference or concept to check). */
  private related = false;
  /** Collect the concept ids of the document's annotations. */
  private concepts = false;
  /**
   * {@link concepts} is settled for the document. It is settled at its first
   * annotation (no concept id can be missed before one), so documents
   * without annotations never look through their relations for it.
   */
  private conceptsSettled = false;
  /** The document being filled in, as parsed. */
  private doc: JsonObject = {};
  /** What {@link warm} read (kept, so that its reads are not optimized away). */
  warmed = 0;
  /** The raw passages of the document being filled in (the offset check looks through them). */
  private passages: BioCPassage[] = [];

  /** Fills in and checks document `v`, number `index` of the array; false: give up. */
  document(v: unknown, index: number): boolean {
    if (!isObject(v) || typeof v.id !== "string") return false;
    const infons = infonsState(v.infons);
    const passages = arrayState(v.passages);
    const annotations = arrayState(v.annotations);
    const relations = arrayState(v.relations);
    if (infons < 0 || passages < 0 || annotations < 0 || relations < 0) return false;
    this.keys += 1 + infons + passages + annotations + relations;
    // No annotation or relation anywhere (BC6PM Triage): no id, text,
    // concept or reference to check, only lists to add; the walk below
    // would find it clean (Triage fill about 15% faster again)
    if (passages > 0 && isEmptyOrMissing(v.annotations) && isEmptyOrMissing(v.relations)) {
      const keys = barePassagesKeys(v.passages as unknown[]);
      if (keys >= 0) {
        this.keys += keys;
        if (infons === 0) v.infons = {};
        if (annotations === 0) v.annotations = [];
        if (relations === 0) v.relations = [];
        return true;
      }
    }
    this.docClean = true;
    this.itemChecks = true;
    this.deferred = false;
    this.related = false;
    this.concepts = false;
    this.conceptsSettled = false;
    this.doc = v;
    // (the fast path collects concepts itself; the flag serves isClean's own walk)
    this.clean.begin(false);
    if (infons === 0) v.infons = {};
    if (passages === 0) v.passages = [];
    this.passages = v.passages as BioCPassage[];
    if (passages !== 0) {
      const items = v.passages as unknown[];
      for (let i = 0; i < items.length; i++) if (!this.passage(items[i])) return false;
    }
    // document-level annotations look their text up in the passages, all filled in now
    if (annotations === 0) v.annotations = [];
    else if (!this.annotations(v.annotations as unknown[], undefined)) return false;
    if (relations === 0) v.relations = [];
    else if (!this.relations(v.relations as unknown[])) return false;
    const doc = v as unknown as BioCDocument;
    // finish looks only at relations: most BC6PM Triage documents have none
    const clean =
      this.docClean &&
      (this.deferred ? this.clean.isClean(doc) : !this.related || this.clean.finish(doc));
    if (!clean) this.unclean.push(index);
    return true;
  }

  private passage(v: unknown): boolean {
    if (!isObject(v) || !isOffset(v.offset)) return false;
    const infons = infonsState(v.infons);
    if (isBare(v, infons)) {
      this.keys += 5 + infons; // offset, text, three lists and the infons
      return true;
    }
    const text = stringState(v.text);
    const sentences = arrayState(v.sentences);
    const annotations = arrayState(v.annotations);
    const relations = arrayState(v.relations);
    if (infons < 0 || text < 0 || sentences < 0 || annotations < 0 || relations < 0) return false;
    this.keys += 1 + infons + text + sentences + annotations + relations;
    if (infons === 0) v.infons = {};
    let sentenceCount = 0;
    if (sentences === 0) v.sentences = [];
    else {
      const items = v.sentences as unknown[];
      for (let i = 0; i < items.length; i++) if (!this.sentence(items[i])) return false;
      sentenceCount = items.length;
    }
    const given = v.text as string | undefined;
    const normal = normalizePassageText(given, sentenceCount);
    if (annotations === 0) v.annotations = [];
    else {
      // their text is the passage's own when it has no sentences (offsets.ts)
      let own: TextSpan | undefined;
      if (sentenceCount > 0) this.defer();
      else if (normal === given) own = v as unknown as TextSpan;
      else own = { offset: v.offset as number, text: normal as string };
      const items = v.annotations as unknown[];
      if (own !== undefined && this.itemChecks && items.length > 0) this.warm(own.text);
      if (!this.annotations(items, own)) return false;
    }
    if (relations === 0) v.relations = [];
    else if (!this.relations(v.relations as unknown[])) return false;
    if (normal === undefined) {
      if (given !== undefined) delete v.text;
    } else if (normal !== given) v.text = normal;
    return true;
  }

  private sentence(v: unknown): boolean {
    if (!isObject(v) || !isOffset(v.offset)) return false;
    const infons = infonsState(v.infons);
    const text = stringState(v.text);
    const annotations = arrayState(v.annotations);
    const relations = arrayState(v.relations);
    if (infons < 0 || text < 0 || annotations < 0 || relations < 0) return false;
    this.keys += 1 + infons + text + annotations + relations;
    if (infons === 0) v.infons = {};
    if (text === 0) v.text = "";
    if (annotations === 0) v.annotations = [];
    else if (!this.annotations(v.annotations as unknown[], v as unknown as TextSpan)) return false;
    if (relations === 0) v.relations = [];
    else if (!this.relations(v.relations as unknown[])) return false;
    return true;
  }

  /**
   * Reads one character in every 64 of a passage text whose annotations are
   * about to be checked against it. The reads do not depend on one another,
   * so the processor fetches those cache lines together, where the text
   * check, one annotation at a time, would wait for each in turn (BioRED Dev:
   * the fill about 0.012-0.017x of JSON.parse faster in same-process A/B).
   */
  private warm(text: string): void {
    let x = 0;
    for (let i = 0; i < text.length; i += 64) x |= text.charCodeAt(i);
    this.warmed = x;
  }

  /** The document is checked whole once complete, rather than item by item. */
  private defer(): void {
    this.deferred = true;
    this.itemChecks = false;
  }

  /** The walk has found a rule the document breaks. */
  private broken(): void {
    this.docClean = false;
    this.itemChecks = false;
  }

  /**
   * Annotations whose text is in `own` (a passage without sentences, or a
   * sentence), or, with `own` undefined, in the passages covering their
   * offsets (document-level annotations, once every passage is filled in).
   */
  private annotations(items: unknown[], own: TextSpan | undefined): boolean {
    if (!this.conceptsSettled && items.length > 0) {
      // relations filled in by now read the same as parsed (content.ts hasNodelessRelation)
      this.concepts = needsConcepts(this.doc);
      this.conceptsSettled = true;
    }
    for (let i = 0; i < items.length; i++) {
      const a = items[i] as BioCAnnotation;
      if (!this.annotation(a)) return false;
      if (
        this.itemChecks &&
        (!this.clean.newId(a.id) || !annotationTextMatches(a, own, this.passages))
      )
        this.broken();
    }
    return true;
  }

  private annotation(v: unknown): boolean {
    if (!isObject(v)) return false;
    const id = stringState(v.id);
    const infons = this.annotationInfons(v.infons);
    const text = stringState(v.text);
    const locations = arrayState(v.locations);
    if (id < 0 || infons < 0 || text < 0 || locations < 0) return false;
    this.keys += id + infons + text + locations;
    if (id === 0) v.id = "";
    if (infons === 0) v.infons = {};
    if (text === 0) v.text = "";
    if (locations === 0) v.locations = [];
    else {
      const items = v.locations as unknown[];
      for (let i = 0; i < items.length; i++) {
        const l = items[i];
        if (!isObject(l) || !isOffset(l.offset) || !isOffset(l.length)) return false;
      }
      this.keys += 2 * items.length;
    }
    return true;
  }

  /** {@link infonsState} that also hands concept ids to the clean check when the document needs them. */
  private annotationInfons(v: unknown): number {
    if (!this.concepts || !this.itemChecks) return infonsState(v);
    if (v === undefined) return 0;
    if (!isObject(v)) return -1;
    let n = 1;
    for (const k in v) {
      const value = v[k];
      if (typeof value !== "string") return -1;
      if (isConceptIdInfon(k)) this.clean.addConcept(value);
      n++;
    }
    return n;
  }

  private relations(items: unknown[]): boolean {
    if (items.length > 0) this.related = true;
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (!this.relation(v)) return false;
      if (this.itemChecks && !this.clean.newId((v as { id: string }).id)) this.broken();
    }
    return true;
  }

  private relation(v: unknown): boolean {
    if (!isObject(v)) return false;
    const id = stringState(v.id);
    const infons = infonsState(v.infons);
    const nodes = arrayState(v.nodes);
    if (id < 0 || infons < 0 || nodes < 0) return false;
    this.keys += id + infons + nodes;
    if (id === 0) v.id = "";
    if (infons === 0) v.infons = {};
    if (nodes === 0) v.nodes = [];
    else {
      const items = v.nodes as unknown[];
      for (let i = 0; i < items.length; i++) {
        const n = items[i];
        if (!isObject(n) || typeof n.refid !== "string") return false;
        const role = stringState(n.role);
        if (role < 0) return false;
        this.keys += 1 + role;
        if (role === 0) n.role = "";
      }
    }
    return true;
  }
}

/** What {@link fillDocumentsFast} made of a documents array. */
export interface FastFill {
  documents: BioCDocument[];
  /**
   * Indices, ascending, of the documents not proven to break no content rule
   * (checks/clean.ts): the reader checks only these.
   */
  unclean: number[];
}

/**
 * Completes the parsed `documents` array in place as from-json would and
 * returns it as the model, adding the known properties to ctx.jsonKeys; or
 * undefined (the value may then be half completed) when anything is unusual
 * or two documents share an id. Each document is also checked against the
 * content rules in the same walk.
 */
export function fillDocumentsFast(documents: unknown[], ctx: ReadContext): FastFill | undefined {
  const seen = new DistinctIds(documents.length);
  const filler = new FastFiller();
  // last document first: JSON.parse made those objects last, so they are
  // still in the processor's cache (on an 8 MB file about 0.02x of
  // JSON.parse faster); nothing here depends on the order
  for (let i = documents.length - 1; i >= 0; i--) {
    const doc = documents[i];
    if (!filler.document(doc, i)) return undefined;
    if (!seen.add((doc as BioCDocument).id)) return undefined; // a repeated id
  }
  ctx.jsonKeys += filler.keys;
  return { documents: documents as BioCDocument[], unclean: filler.unclean.reverse() };
}
