import type { ReadContext } from "../context.js";
import { BioCError } from "../errors.js";
import type { BioCCollection, BioCDocument } from "../model.js";
import { fillDocumentsFast } from "./fast-fill.js";
import { checkCollectionObject, documentFromJson, headerFromJson } from "./from-json.js";
import { lineColumnAt } from "../encoding/decode.js";
import { keysCertainlyClean, parsedKeyCount } from "./key-count.js";
import { scanJsonKeys } from "./key-scan.js";
import { jsonSyntaxError } from "./locate-syntax-error.js";

/** `JSON.parse` with a located TRUNCATED / JSON_SYNTAX error. */
export function parseJsonValue(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw jsonSyntaxError(text, file);
  }
}

/**
 * Parses a whole BioC JSON text into a collection (eager). `value` is
 * `JSON.parse(text)` when the caller already has it (strict reading parses
 * once for the schema check); it is completed in place.
 */
export function parseJsonCollection(
  text: string,
  ctx: ReadContext,
  value: unknown = parseJsonValue(text, ctx.file),
): BioCCollection {
  // Files as real corpora write them take the fast path (fast-fill.ts); the
  // rest is parsed again and read field by field, with every check in order.
  return fastCollection(text, value, ctx) ?? carefulCollection(text, ctx);
}

/** The fast path: known fields by name, proven free of unknown and duplicate keys by the key count. */
function fastCollection(
  text: string,
  value: unknown,
  ctx: ReadContext,
): BioCCollection | undefined {
  if (
    typeof value !== "object" ||
    value === null ||
    !Array.isArray((value as Record<string, unknown>).documents)
  )
    return undefined;
  ctx.jsonKeys = 0;
  let obj: Record<string, unknown>;
  let header: ReturnType<typeof headerFromJson>;
  try {
    // once per file, field by field; any problem is reported by the careful path
    obj = checkCollectionObject(value, ctx);
    header = headerFromJson(obj, ctx);
  } catch {
    return undefined;
  }
  const filled = fillDocumentsFast(obj.documents as unknown[], ctx);
  if (filled === undefined || !keysCertainlyClean(text, ctx.jsonKeys)) return undefined;
  ctx.contentToCheck = filled.unclean;
  return { ...header, documents: filled.documents };
}

/** The careful path: a fresh parse, read field by field, with the precise key scan when needed. */
function carefulCollection(text: string, ctx: ReadContext): BioCCollection {
  const value = parseJsonValue(text, ctx.file);
  const where = (at: number) => lineColumnAt(text, at);
  // Converting counts the parsed properties (ctx.jsonKeys) for the cheap
  // duplicate-key proof. Duplicate keys were always reported before any
  // conversion error, so a failed conversion runs the precise scan first.
  ctx.jsonKeys = 0;
  let collection: BioCCollection;
  try {
    collection = convertCollection(value, ctx);
  } catch (e) {
    scanKeys(text, ctx, where);
    throw e;
  }
  if (!keysCertainlyClean(text, ctx.jsonKeys)) scanKeys(text, ctx, where);
  return collection;
}

function convertCollection(value: unknown, ctx: ReadContext): BioCCollection {
  const obj = checkCollectionObject(value, ctx);
  const header = headerFromJson(obj, ctx);
  const raw = obj.documents as unknown[];
  const documents: BioCDocument[] = new Array(raw.length);
  const seen = new Set<string>();
  ctx.path.push("documents");
  for (let i = 0; i < raw.length; i++) {
    ctx.path.push(i);
    const doc = documentFromJson(raw[i], ctx);
    if (seen.has(doc.id))
      throw new BioCError(
        "DUPLICATE_ID",
        `document id "${doc.id}" appears twice`,
        ctx.location("id"),
      );
    seen.add(doc.id);
    documents[i] = doc;
    ctx.path.pop();
  }
  ctx.path.pop();
  ctx.documentId = undefined;
  return { ...header, documents };
}

/**
 * Duplicate keys and escaped lone surrogates of a JSON text that parsed to
 * `value` (not yet completed by from-json): errors in strict mode, counted
 * warnings otherwise. `where` turns a character offset of `text` into a line
 * and column of the input. A key count proves most texts clean; the precise
 * scan runs only when it cannot.
 */
export function checkKeys(
  text: string,
  value: unknown,
  ctx: ReadContext,
  where: (at: number) => { line: number; column: number },
): void {
  if (!keysCertainlyClean(text, parsedKeyCount(value))) scanKeys(text, ctx, where);
}

/** The precise scan: reports every duplicate key and escaped lone surrogate with its place. */
function scanKeys(
  text: string,
  ctx: ReadContext,
  where: (at: number) => { line: number; column: number },
): void {
  scanJsonKeys(text, {
    duplicateKey: (key, at) =>
      ctx.problem(
        "DUPLICATE_KEY",
        `key ${JSON.stringify(key)} appears twice in one object (JSON would keep the last silently)`,
        { file: ctx.file, ...where(at) },
      ),
    loneSurrogate: (at) =>
      ctx.problem(
        "LONE_SURROGATE",
        "string holds a lone UTF-16 surrogate escape (not a character)",
        {
          file: ctx.file,
          ...where(at),
        },
      ),
  });
}
