import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { ReadContext, type ReadOptions } from "./context.js";
import { type BioCFormat, detectFormat } from "./detect.js";
import { BioCError } from "./errors.js";
import { parseJsonCollection, parseJsonValue } from "./json/read-json.js";
import { jsonSchemaViolations } from "./json/schema.js";
import type { BioCCollection } from "./model.js";
import { pubTatorToBioC } from "./pubtator/convert.js";
import { parsePubTator } from "./pubtator/parse.js";
import { BioCValidationError, validateDocuments } from "./validate.js";
import { parseXmlCollection } from "./xml/read-xml.js";

/** Options of {@link readCollection} / {@link parseCollection}. */
export interface ReadCollectionOptions extends ReadOptions {
  /** Skip content detection and read as this format. */
  format?: BioCFormat;
}

/** Parses BioC JSON, BioC XML or PubTator text (format detected by content). */
export function parseCollection(text: string, opts: ReadCollectionOptions = {}): BioCCollection {
  const file = opts.file ?? "<string>";
  const ctx = new ReadContext(file, opts);
  const format = opts.format ?? detectFormat(text.slice(0, 4096), file);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (opts.strict && format === "json") {
    // Schema problems are collected on the raw JSON (lenient reading would default them).
    const violations = jsonSchemaViolations(parseJsonValue(body, file));
    if (violations.length > 0) throw new BioCValidationError(violations, { file });
  }
  const collection = parseByFormat(format, body, ctx);
  if (opts.strict) {
    const violations = validateDocuments(collection.documents);
    if (violations.length > 0) throw new BioCValidationError(violations, { file });
  }
  return collection;
}

function parseByFormat(format: BioCFormat, body: string, ctx: ReadContext): BioCCollection {
  switch (format) {
    case "json":
      return parseJsonCollection(body, ctx);
    case "xml":
      return parseXmlCollection(body, ctx);
    case "pubtator":
      return pubTatorToBioC(parsePubTator(body, ctx.file));
    default:
      throw new BioCError("UNKNOWN_FORMAT", `unknown format ${JSON.stringify(format)}`, {
        file: ctx.file,
      });
  }
}

/** True when the argument is content rather than a path: it starts with `{`/`<` or spans lines. */
function isContent(pathOrText: string): boolean {
  return /^\s*[{<]/.test(pathOrText) || pathOrText.includes("\n");
}

function decode(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0)
    throw new BioCError("EMPTY_INPUT", "the file is empty (0 bytes)", { file, offset: 0 });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

function ioError(e: unknown, file: string): BioCError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
        ? "is a directory"
        : (e as Error).message;
  return new BioCError("IO_ERROR", `cannot read ${file}: ${reason}`, { file });
}

/**
 * Reads a whole collection from a file path, or from content passed as a
 * string or bytes; the format (JSON, XML, PubTator) is detected by content.
 */
export async function readCollection(
  pathOrContent: string | Uint8Array,
  opts: ReadCollectionOptions = {},
): Promise<BioCCollection> {
  if (typeof pathOrContent !== "string")
    return parseCollection(decode(pathOrContent, opts.file ?? "<bytes>"), opts);
  if (isContent(pathOrContent)) return parseCollection(pathOrContent, opts);
  const file = opts.file ?? pathOrContent;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(pathOrContent);
  } catch (e) {
    throw ioError(e, file);
  }
  return parseCollection(decode(bytes, file), { ...opts, file });
}

/** Synchronous {@link readCollection}. */
export function readCollectionSync(
  pathOrContent: string | Uint8Array,
  opts: ReadCollectionOptions = {},
): BioCCollection {
  if (typeof pathOrContent !== "string")
    return parseCollection(decode(pathOrContent, opts.file ?? "<bytes>"), opts);
  if (isContent(pathOrContent)) return parseCollection(pathOrContent, opts);
  const file = opts.file ?? pathOrContent;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(pathOrContent);
  } catch (e) {
    throw ioError(e, file);
  }
  return parseCollection(decode(bytes, file), { ...opts, file });
}
