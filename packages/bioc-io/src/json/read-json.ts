import type { ReadContext } from "../context.js";
import { BioCError } from "../errors.js";
import type { BioCCollection, BioCDocument } from "../model.js";
import { checkCollectionObject, documentFromJson, headerFromJson } from "./from-json.js";
import { lineColumnAt } from "../encoding/decode.js";
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

/** Parses a whole BioC JSON text into a collection (eager). */
export function parseJsonCollection(text: string, ctx: ReadContext): BioCCollection {
  const value = parseJsonValue(text, ctx.file);
  checkKeys(text, ctx, (at) => lineColumnAt(text, at));
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
 * Duplicate keys and escaped lone surrogates of a JSON text that parsed:
 * errors in strict mode, counted warnings otherwise. `where` turns a
 * character offset of `text` into a line and column of the input.
 */
export function checkKeys(
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
