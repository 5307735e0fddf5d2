// Two readings of one JSON text for tests that compare the fast fill with the field-by-field
// path: the same JSON of the result, or the same [code, message, location] of the first error.
import { ReadContext } from "../context.js";
import { checkCollectionObject, documentFromJson, headerFromJson } from "../json/from-json.js";
import { parseCollection } from "../read.js";

function errorOf(e: unknown) {
  const err = e as Error & { code?: string; location?: unknown };
  return [err.code, err.message, JSON.stringify(err.location)];
}

/** The field-by-field reading of a one-document text: the JSON of the result, or the error. */
export function carefulRead(text: string, unknown: "error" | "ignore") {
  const ctx = new ReadContext("<string>", { unknown });
  try {
    const obj = checkCollectionObject(JSON.parse(text), ctx);
    const header = headerFromJson(obj, ctx);
    ctx.path.push("documents", 0);
    const doc = documentFromJson((obj.documents as unknown[])[0], ctx);
    return JSON.stringify({ ...header, documents: [doc] });
  } catch (e) {
    return errorOf(e);
  }
}

/** The reader's own reading (fast fill when it applies): the JSON of the result, or the error. */
export function readerRead(text: string, unknown: "error" | "ignore") {
  try {
    return JSON.stringify(parseCollection(text, { unknown, onWarning: () => {} }));
  } catch (e) {
    return errorOf(e);
  }
}
