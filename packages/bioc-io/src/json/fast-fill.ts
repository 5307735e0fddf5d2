import { CleanCheck } from "../checks/clean.js";
import type { ReadContext } from "../context.js";
import type { BioCDocument } from "../model.js";
import { normalizePassageText } from "../normalize.js";

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

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isOffset(v: unknown): boolean {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** 1 for an array, 0 for a missing field, -1 for anything else. */
function arrayState(v: unknown): number {
  if (Array.isArray(v)) return 1;
  return v === undefined ? 0 : -1;
}

/** 1 for a string, 0 for a missing field, -1 for anything else. */
function stringState(v: unknown): number {
  if (typeof v === "string") return 1;
  return v === undefined ? 0 : -1;
}

/** 1 + its property count for an infons object of strings, 0 when missing, -1 otherwise. */
function infonsState(v: unknown): number {
  if (v === undefined) return 0;
  if (!isObject(v)) return -1;
  let n = 1;
  for (const k in v) {
    if (typeof v[k] !== "string") return -1;
    n++;
  }
  return n;
}

function fastLocation(v: unknown, ctx: ReadContext): boolean {
  if (!isObject(v) || !isOffset(v.offset) || !isOffset(v.length)) return false;
  ctx.jsonKeys += 2;
  return true;
}

function fastNode(v: unknown, ctx: ReadContext): boolean {
  if (!isObject(v) || typeof v.refid !== "string") return false;
  const role = stringState(v.role);
  if (role < 0) return false;
  ctx.jsonKeys += 1 + role;
  if (role === 0) v.role = "";
  return true;
}

function fastAnnotation(v: unknown, ctx: ReadContext): boolean {
  if (!isObject(v)) return false;
  const id = stringState(v.id);
  const infons = infonsState(v.infons);
  const text = stringState(v.text);
  const locations = arrayState(v.locations);
  if (id < 0 || infons < 0 || text < 0 || locations < 0) return false;
  ctx.jsonKeys += id + infons + text + locations;
  if (id === 0) v.id = "";
  if (infons === 0) v.infons = {};
  if (text === 0) v.text = "";
  if (locations === 0) v.locations = [];
  else {
    const items = v.locations as unknown[];
    for (let i = 0; i < items.length; i++) if (!fastLocation(items[i], ctx)) return false;
  }
  return true;
}

function fastRelation(v: unknown, ctx: ReadContext): boolean {
  if (!isObject(v)) return false;
  const id = stringState(v.id);
  const infons = infonsState(v.infons);
  const nodes = arrayState(v.nodes);
  if (id < 0 || infons < 0 || nodes < 0) return false;
  ctx.jsonKeys += id + infons + nodes;
  if (id === 0) v.id = "";
  if (infons === 0) v.infons = {};
  if (nodes === 0) v.nodes = [];
  else {
    const items = v.nodes as unknown[];
    for (let i = 0; i < items.length; i++) if (!fastNode(items[i], ctx)) return false;
  }
  return true;
}

// One loop per kind of item (rather than one taking the key and the item
// function): property reads by a fixed name and calls to one known function
// are what keep these loops fast.

function fastAnnotations(items: unknown[], ctx: ReadContext): boolean {
  for (let i = 0; i < items.length; i++) if (!fastAnnotation(items[i], ctx)) return false;
  return true;
}

function fastRelations(items: unknown[], ctx: ReadContext): boolean {
  for (let i = 0; i < items.length; i++) if (!fastRelation(items[i], ctx)) return false;
  return true;
}

function fastSentence(v: unknown, ctx: ReadContext): boolean {
  if (!isObject(v) || !isOffset(v.offset)) return false;
  const infons = infonsState(v.infons);
  const text = stringState(v.text);
  const annotations = arrayState(v.annotations);
  const relations = arrayState(v.relations);
  if (infons < 0 || text < 0 || annotations < 0 || relations < 0) return false;
  ctx.jsonKeys += 1 + infons + text + annotations + relations;
  if (infons === 0) v.infons = {};
  if (text === 0) v.text = "";
  if (annotations === 0) v.annotations = [];
  else if (!fastAnnotations(v.annotations as unknown[], ctx)) return false;
  if (relations === 0) v.relations = [];
  else if (!fastRelations(v.relations as unknown[], ctx)) return false;
  return true;
}

function fastPassage(v: unknown, ctx: ReadContext): boolean {
  if (!isObject(v) || !isOffset(v.offset)) return false;
  const infons = infonsState(v.infons);
  const text = stringState(v.text);
  const sentences = arrayState(v.sentences);
  const annotations = arrayState(v.annotations);
  const relations = arrayState(v.relations);
  if (infons < 0 || text < 0 || sentences < 0 || annotations < 0 || relations < 0) return false;
  ctx.jsonKeys += 1 + infons + text + sentences + annotations + relations;
  if (infons === 0) v.infons = {};
  let sentenceCount = 0;
  if (sentences === 0) v.sentences = [];
  else {
    const items = v.sentences as unknown[];
    for (let i = 0; i < items.length; i++) if (!fastSentence(items[i], ctx)) return false;
    sentenceCount = items.length;
  }
  if (annotations === 0) v.annotations = [];
  else if (!fastAnnotations(v.annotations as unknown[], ctx)) return false;
  if (relations === 0) v.relations = [];
  else if (!fastRelations(v.relations as unknown[], ctx)) return false;
  const given = v.text as string | undefined;
  const normal = normalizePassageText(given, sentenceCount);
  if (normal === undefined) {
    if (given !== undefined) delete v.text;
  } else if (normal !== given) v.text = normal;
  return true;
}

function fastDocument(v: unknown, ctx: ReadContext): boolean {
  if (!isObject(v) || typeof v.id !== "string") return false;
  const infons = infonsState(v.infons);
  const passages = arrayState(v.passages);
  const annotations = arrayState(v.annotations);
  const relations = arrayState(v.relations);
  if (infons < 0 || passages < 0 || annotations < 0 || relations < 0) return false;
  ctx.jsonKeys += 1 + infons + passages + annotations + relations;
  if (infons === 0) v.infons = {};
  if (passages === 0) v.passages = [];
  else {
    const items = v.passages as unknown[];
    for (let i = 0; i < items.length; i++) if (!fastPassage(items[i], ctx)) return false;
  }
  if (annotations === 0) v.annotations = [];
  else if (!fastAnnotations(v.annotations as unknown[], ctx)) return false;
  if (relations === 0) v.relations = [];
  else if (!fastRelations(v.relations as unknown[], ctx)) return false;
  return true;
}

/** What {@link fillDocumentsFast} made of a documents array. */
export interface FastFill {
  documents: BioCDocument[];
  /** Every document is proven to break no content rule (checks/clean.ts): the reader may skip them. */
  contentClean: boolean;
}

/**
 * Completes the parsed `documents` array in place as from-json would and
 * returns it as the model, adding the known properties to ctx.jsonKeys; or
 * undefined (the value may then be half completed) when anything is unusual
 * or two documents share an id. Each document is also checked against the
 * content rules while its objects are still in the processor's cache.
 */
export function fillDocumentsFast(documents: unknown[], ctx: ReadContext): FastFill | undefined {
  const seen = new Set<string>();
  const clean = new CleanCheck();
  let contentClean = true;
  // last document first: JSON.parse made those objects last, so they are
  // still in the processor's cache (on an 8 MB file about 0.02x of
  // JSON.parse faster); nothing here depends on the order
  for (let i = documents.length - 1; i >= 0; i--) {
    const doc = documents[i];
    if (!fastDocument(doc, ctx)) return undefined;
    const size = seen.size;
    seen.add((doc as BioCDocument).id);
    if (seen.size === size) return undefined; // a repeated id
    if (contentClean && !clean.isClean(doc as BioCDocument)) contentClean = false;
  }
  return { documents: documents as BioCDocument[], contentClean };
}
