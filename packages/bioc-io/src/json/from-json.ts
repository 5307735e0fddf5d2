import type { ReadContext } from "../context.js";
import type { BioCCollectionHeader, BioCDocument } from "../model.js";
import { normalizePassageText } from "../normalize.js";
import { parsedKeyCount } from "./key-count.js";

// Turns already-parsed BioC JSON (the NCBI BioC-JSON layout) into the typed
// model. The parsed value belongs to the reader, so it is checked and
// completed in place rather than copied: that keeps reading close to the
// speed of JSON.parse. Lenient where real files are: missing `infons`,
// `sentences`, `annotations`, `relations`, `nodes`, `passages` become empty.
// Wrong types (a string offset, a negative length) and unknown keys are errors.

type JsonObject = Record<string, unknown>;

const COLLECTION_KEYS = new Set(["source", "date", "key", "version", "infons", "documents"]);
const DOCUMENT_KEYS = new Set(["id", "infons", "passages", "annotations", "relations"]);
const PASSAGE_KEYS = new Set(["offset", "infons", "text", "sentences", "annotations", "relations"]);
const SENTENCE_KEYS = new Set(["offset", "infons", "text", "annotations", "relations"]);
const ANNOTATION_KEYS = new Set(["id", "infons", "text", "locations"]);
const LOCATION_KEYS = new Set(["offset", "length"]);
const RELATION_KEYS = new Set(["id", "infons", "nodes"]);
const NODE_KEYS = new Set(["refid", "role"]);

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function expectObject(v: unknown, what: string, ctx: ReadContext): JsonObject {
  if (!isObject(v)) ctx.fail("INVALID_VALUE", `${what} must be an object, got ${typeName(v)}`);
  return v;
}

function countKeys(obj: JsonObject): number {
  let n = 0;
  for (const _ in obj) n++;
  return n;
}

/**
 * Rejects (or, with `unknown: "ignore"`, removes) keys outside `allowed`.
 * Called with the number of allowed keys present, so the common case costs
 * one key count, which also goes to `ctx.jsonKeys` (with the keys inside a
 * removed value).
 */
function checkKeys(
  obj: JsonObject,
  present: number,
  allowed: ReadonlySet<string>,
  what: string,
  ctx: ReadContext,
) {
  const count = countKeys(obj);
  ctx.jsonKeys += count;
  if (count === present) return;
  for (const k of Object.keys(obj)) {
    if (allowed.has(k)) continue;
    if (!ctx.ignoreUnknown) ctx.fail("UNKNOWN_ELEMENT", `unknown key "${k}" in ${what}`, k);
    ctx.jsonKeys += parsedKeyCount(obj[k]);
    delete obj[k];
  }
}

function has(obj: JsonObject, key: string): 0 | 1 {
  return obj[key] === undefined ? 0 : 1;
}

function stringField(
  obj: JsonObject,
  key: string,
  ctx: ReadContext,
  fallback: string | undefined,
): void {
  const v = obj[key];
  if (typeof v === "string") return;
  if (v === undefined && fallback !== undefined) obj[key] = fallback;
  else if (v === undefined) ctx.fail("MISSING_FIELD", `missing required "${key}"`, key);
  else ctx.fail("INVALID_VALUE", `"${key}" must be a string, got ${typeName(v)}`, key);
}

function offsetField(obj: JsonObject, key: string, ctx: ReadContext): void {
  const v = obj[key];
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return;
  if (v === undefined) ctx.fail("MISSING_FIELD", `missing required "${key}"`, key);
  ctx.fail(
    "INVALID_VALUE",
    `"${key}" must be a non-negative integer${typeof v === "number" && Number.isInteger(v) && v > 0 ? ` no larger than ${Number.MAX_SAFE_INTEGER}` : ""}, got ${JSON.stringify(v)}`,
    key,
  );
}

/** Checks `infons` (values must be strings, preserved exactly); missing becomes `{}`. */
function infonsField(obj: JsonObject, ctx: ReadContext): void {
  const v = obj.infons;
  if (v === undefined || v === null) {
    obj.infons = {};
    return;
  }
  if (!isObject(v))
    ctx.fail("INVALID_VALUE", `infons must be an object, got ${typeName(v)}`, "infons");
  for (const k in v) {
    ctx.jsonKeys++;
    const value = v[k];
    if (typeof value !== "string") {
      ctx.path.push("infons");
      ctx.fail("INVALID_VALUE", `infon "${k}" must be a string, got ${typeName(value)}`, k);
    }
  }
}

/** Checks each item of an array field with `fill`; missing or null becomes `[]`. */
function arrayField(
  obj: JsonObject,
  key: string,
  ctx: ReadContext,
  fill: (v: unknown, ctx: ReadContext) => void,
) {
  const items = obj[key];
  if (items === undefined || items === null) {
    obj[key] = [];
    return;
  }
  if (!Array.isArray(items))
    ctx.fail("INVALID_VALUE", `"${key}" must be an array, got ${typeName(items)}`, key);
  ctx.path.push(key);
  for (let i = 0; i < items.length; i++) {
    ctx.path.push(i);
    fill(items[i], ctx);
    ctx.path.pop();
  }
  ctx.path.pop();
}

function fillLocation(v: unknown, ctx: ReadContext): void {
  const obj = expectObject(v, "location", ctx);
  checkKeys(obj, has(obj, "offset") + has(obj, "length"), LOCATION_KEYS, "location", ctx);
  offsetField(obj, "offset", ctx);
  offsetField(obj, "length", ctx);
}

function fillAnnotation(v: unknown, ctx: ReadContext): void {
  const obj = expectObject(v, "annotation", ctx);
  const present = has(obj, "id") + has(obj, "infons") + has(obj, "text") + has(obj, "locations");
  checkKeys(obj, present, ANNOTATION_KEYS, "annotation", ctx);
  stringField(obj, "id", ctx, "");
  infonsField(obj, ctx);
  stringField(obj, "text", ctx, "");
  arrayField(obj, "locations", ctx, fillLocation);
}

function fillNode(v: unknown, ctx: ReadContext): void {
  const obj = expectObject(v, "node", ctx);
  checkKeys(obj, has(obj, "refid") + has(obj, "role"), NODE_KEYS, "node", ctx);
  stringField(obj, "refid", ctx, undefined);
  stringField(obj, "role", ctx, "");
}

function fillRelation(v: unknown, ctx: ReadContext): void {
  const obj = expectObject(v, "relation", ctx);
  checkKeys(
    obj,
    has(obj, "id") + has(obj, "infons") + has(obj, "nodes"),
    RELATION_KEYS,
    "relation",
    ctx,
  );
  stringField(obj, "id", ctx, "");
  infonsField(obj, ctx);
  arrayField(obj, "nodes", ctx, fillNode);
}

function fillSentence(v: unknown, ctx: ReadContext): void {
  const obj = expectObject(v, "sentence", ctx);
  const present =
    has(obj, "offset") +
    has(obj, "infons") +
    has(obj, "text") +
    has(obj, "annotations") +
    has(obj, "relations");
  checkKeys(obj, present, SENTENCE_KEYS, "sentence", ctx);
  offsetField(obj, "offset", ctx);
  infonsField(obj, ctx);
  stringField(obj, "text", ctx, "");
  arrayField(obj, "annotations", ctx, fillAnnotation);
  arrayField(obj, "relations", ctx, fillRelation);
}

function fillPassage(v: unknown, ctx: ReadContext): void {
  const obj = expectObject(v, "passage", ctx);
  const present =
    has(obj, "offset") +
    has(obj, "infons") +
    has(obj, "text") +
    has(obj, "sentences") +
    has(obj, "annotations") +
    has(obj, "relations");
  checkKeys(obj, present, PASSAGE_KEYS, "passage", ctx);
  offsetField(obj, "offset", ctx);
  infonsField(obj, ctx);
  if (obj.text === null) delete obj.text;
  else if (obj.text !== undefined) stringField(obj, "text", ctx, "");
  arrayField(obj, "sentences", ctx, fillSentence);
  arrayField(obj, "annotations", ctx, fillAnnotation);
  arrayField(obj, "relations", ctx, fillRelation);
  const text = normalizePassageText(
    obj.text as string | undefined,
    (obj.sentences as unknown[]).length,
  );
  if (text === undefined) {
    if (obj.text !== undefined) delete obj.text;
  } else obj.text = text;
}

/** Checks and completes one parsed JSON document object in place; `ctx.path` must point at it. */
export function documentFromJson(v: unknown, ctx: ReadContext): BioCDocument {
  const obj = expectObject(v, "document", ctx);
  ctx.documentId = typeof obj.id === "string" ? obj.id : undefined;
  const present =
    has(obj, "id") +
    has(obj, "infons") +
    has(obj, "passages") +
    has(obj, "annotations") +
    has(obj, "relations");
  checkKeys(obj, present, DOCUMENT_KEYS, "document", ctx);
  stringField(obj, "id", ctx, undefined);
  infonsField(obj, ctx);
  arrayField(obj, "passages", ctx, fillPassage);
  arrayField(obj, "annotations", ctx, fillAnnotation);
  arrayField(obj, "relations", ctx, fillRelation);
  return obj as unknown as BioCDocument;
}

/** Reads the collection fields other than `documents` (all optional, lenient) into a new header. */
export function headerFromJson(obj: JsonObject, ctx: ReadContext): BioCCollectionHeader {
  const h: JsonObject = { source: obj.source, date: obj.date, key: obj.key, infons: obj.infons };
  stringField(h, "source", ctx, "");
  stringField(h, "date", ctx, "");
  stringField(h, "key", ctx, "");
  infonsField(h, ctx);
  if (obj.version !== undefined) {
    h.version = obj.version;
    stringField(h, "version", ctx, "");
  }
  return h as unknown as BioCCollectionHeader;
}

/** Checks the top-level object: an object with a `documents` array and only known keys. */
export function checkCollectionObject(v: unknown, ctx: ReadContext): JsonObject {
  const obj = expectObject(v, "collection", ctx);
  if (!Array.isArray(obj.documents)) {
    if (obj.documents === undefined)
      ctx.fail("MISSING_FIELD", 'a BioC collection needs a "documents" array', "documents");
    ctx.fail("INVALID_VALUE", '"documents" must be an array', "documents");
  }
  const present =
    has(obj, "source") +
    has(obj, "date") +
    has(obj, "key") +
    has(obj, "version") +
    has(obj, "infons") +
    1;
  checkKeys(obj, present, COLLECTION_KEYS, "collection", ctx);
  return obj;
}
