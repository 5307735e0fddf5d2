import type { ReadContext } from "../context.js";
import { BioCError } from "../errors.js";
import type { BioCCollection, BioCDocument } from "../model.js";
import { checkCollectionObject, documentFromJson, headerFromJson } from "./from-json.js";
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
