import type { ReadContext } from "../context.js";
import type {
  BioCAnnotation,
  BioCCollectionHeader,
  BioCDocument,
  BioCLocation,
  BioCNode,
  BioCPassage,
  BioCRelation,
  BioCSentence,
  Infons,
} from "../model.js";
import { normalizePassageText, setInfon } from "../normalize.js";

// Converts already-parsed BioC JSON (the NCBI BioC-JSON layout) into the typed
// model. Lenient where real files are: missing `infons`, `sentences`,
// `annotations`, `relations`, `nodes`, `passages` read as empty. Wrong types
// (a string offset, a negative length) and unknown keys are errors.

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

function expectObject(v: unknown, what: string, ctx: ReadContext): JsonObject {
  if (!isObject(v)) ctx.fail("INVALID_VALUE", `${what} must be an object, got ${typeName(v)}`);
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function checkKeys(obj: JsonObject, allowed: ReadonlySet<string>, what: string, ctx: ReadContext) {
  if (ctx.ignoreUnknown) return;
  for (const k in obj) {
    if (!allowed.has(k)) ctx.fail("UNKNOWN_ELEMENT", `unknown key "${k}" in ${what}`, k);
  }
}

function stringField(
  obj: JsonObject,
  key: string,
  ctx: ReadContext,
  fallback: string | undefined,
): string {
  const v = obj[key];
  if (typeof v === "string") return v;
  if (v === undefined && fallback !== undefined) return fallback;
  if (v === undefined) ctx.fail("MISSING_FIELD", `missing required "${key}"`, key);
  return ctx.fail("INVALID_VALUE", `"${key}" must be a string, got ${typeName(v)}`, key);
}

function offsetField(obj: JsonObject, key: string, ctx: ReadContext): number {
  const v = obj[key];
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (v === undefined) ctx.fail("MISSING_FIELD", `missing required "${key}"`, key);
  return ctx.fail(
    "INVALID_VALUE",
    `"${key}" must be a non-negative integer, got ${JSON.stringify(v)}`,
    key,
  );
}

function arrayField(obj: JsonObject, key: string, ctx: ReadContext): unknown[] {
  const v = obj[key];
  if (Array.isArray(v)) return v;
  if (v === undefined || v === null) return [];
  return ctx.fail("INVALID_VALUE", `"${key}" must be an array, got ${typeName(v)}`, key);
}

/** Reads `infons`; values must be strings (they are preserved exactly). */
export function infonsFromJson(obj: JsonObject, ctx: ReadContext): Infons {
  const v = obj.infons;
  if (v === undefined || v === null) return {};
  if (!isObject(v)) return ctx.fail("INVALID_VALUE", "infons must be an object", "infons");
  const out: Infons = {};
  for (const k in v) {
    const value = v[k];
    if (typeof value !== "string") {
      ctx.path.push("infons");
      ctx.fail("INVALID_VALUE", `infon "${k}" must be a string, got ${typeName(value)}`, k);
    }
    setInfon(out, k, value);
  }
  return out;
}

function mapArray<T>(
  obj: JsonObject,
  key: string,
  ctx: ReadContext,
  convert: (v: unknown, ctx: ReadContext) => T,
): T[] {
  const items = arrayField(obj, key, ctx);
  const out: T[] = new Array(items.length);
  ctx.path.push(key);
  for (let i = 0; i < items.length; i++) {
    ctx.path.push(i);
    out[i] = convert(items[i], ctx);
    ctx.path.pop();
  }
  ctx.path.pop();
  return out;
}

function locationFromJson(v: unknown, ctx: ReadContext): BioCLocation {
  const obj = expectObject(v, "location", ctx);
  checkKeys(obj, LOCATION_KEYS, "location", ctx);
  return { offset: offsetField(obj, "offset", ctx), length: offsetField(obj, "length", ctx) };
}

function annotationFromJson(v: unknown, ctx: ReadContext): BioCAnnotation {
  const obj = expectObject(v, "annotation", ctx);
  checkKeys(obj, ANNOTATION_KEYS, "annotation", ctx);
  return {
    id: stringField(obj, "id", ctx, ""),
    infons: infonsFromJson(obj, ctx),
    text: stringField(obj, "text", ctx, ""),
    locations: mapArray(obj, "locations", ctx, locationFromJson),
  };
}

function nodeFromJson(v: unknown, ctx: ReadContext): BioCNode {
  const obj = expectObject(v, "node", ctx);
  checkKeys(obj, NODE_KEYS, "node", ctx);
  return {
    refid: stringField(obj, "refid", ctx, undefined),
    role: stringField(obj, "role", ctx, ""),
  };
}

function relationFromJson(v: unknown, ctx: ReadContext): BioCRelation {
  const obj = expectObject(v, "relation", ctx);
  checkKeys(obj, RELATION_KEYS, "relation", ctx);
  return {
    id: stringField(obj, "id", ctx, ""),
    infons: infonsFromJson(obj, ctx),
    nodes: mapArray(obj, "nodes", ctx, nodeFromJson),
  };
}

function sentenceFromJson(v: unknown, ctx: ReadContext): BioCSentence {
  const obj = expectObject(v, "sentence", ctx);
  checkKeys(obj, SENTENCE_KEYS, "sentence", ctx);
  return {
    offset: offsetField(obj, "offset", ctx),
    infons: infonsFromJson(obj, ctx),
    text: stringField(obj, "text", ctx, ""),
    annotations: mapArray(obj, "annotations", ctx, annotationFromJson),
    relations: mapArray(obj, "relations", ctx, relationFromJson),
  };
}

function passageFromJson(v: unknown, ctx: ReadContext): BioCPassage {
  const obj = expectObject(v, "passage", ctx);
  checkKeys(obj, PASSAGE_KEYS, "passage", ctx);
  const offset = offsetField(obj, "offset", ctx);
  const infons = infonsFromJson(obj, ctx);
  const rawText =
    obj.text === undefined || obj.text === null ? undefined : stringField(obj, "text", ctx, "");
  const sentences = mapArray(obj, "sentences", ctx, sentenceFromJson);
  const passage: BioCPassage = {
    offset,
    infons,
    sentences,
    annotations: mapArray(obj, "annotations", ctx, annotationFromJson),
    relations: mapArray(obj, "relations", ctx, relationFromJson),
  };
  const text = normalizePassageText(rawText, sentences.length);
  if (text !== undefined) passage.text = text;
  return passage;
}

/** Converts one parsed JSON document object; `ctx.path` must point at it. */
export function documentFromJson(v: unknown, ctx: ReadContext): BioCDocument {
  const obj = expectObject(v, "document", ctx);
  const rawId = obj.id;
  ctx.documentId = typeof rawId === "string" ? rawId : undefined;
  checkKeys(obj, DOCUMENT_KEYS, "document", ctx);
  return {
    id: stringField(obj, "id", ctx, undefined),
    infons: infonsFromJson(obj, ctx),
    passages: mapArray(obj, "passages", ctx, passageFromJson),
    annotations: mapArray(obj, "annotations", ctx, annotationFromJson),
    relations: mapArray(obj, "relations", ctx, relationFromJson),
  };
}

/** Reads the collection fields other than `documents` (all optional, lenient). */
export function headerFromJson(obj: JsonObject, ctx: ReadContext): BioCCollectionHeader {
  const header: BioCCollectionHeader = {
    source: stringField(obj, "source", ctx, ""),
    date: stringField(obj, "date", ctx, ""),
    key: stringField(obj, "key", ctx, ""),
    infons: infonsFromJson(obj, ctx),
  };
  if (obj.version !== undefined) header.version = stringField(obj, "version", ctx, "");
  return header;
}

/** Checks the top-level object: an object with a `documents` array and only known keys. */
export function checkCollectionObject(v: unknown, ctx: ReadContext): JsonObject {
  const obj = expectObject(v, "collection", ctx);
  if (!Array.isArray(obj.documents)) {
    if (obj.documents === undefined)
      ctx.fail("MISSING_FIELD", 'a BioC collection needs a "documents" array', "documents");
    ctx.fail("INVALID_VALUE", '"documents" must be an array', "documents");
  }
  checkKeys(obj, COLLECTION_KEYS, "collection", ctx);
  return obj;
}
