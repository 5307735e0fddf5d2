import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { checkContent } from "./checks/report.js";
import { ReadContext, type ReadOptions } from "./context.js";
import { type BioCFormat, detectFormat } from "./detect.js";
import { checkSurrogates, decodeBytes } from "./encoding/decode.js";
import { BioCError } from "./errors.js";
import { parseJsonCollection, parseJsonValue } from "./json/read-json.js";
import { jsonSchemaViolations } from "./json/schema.js";
import type { BioCCollection } from "./model.js";
import { pubTatorToBioC } from "./pubtator/convert.js";
import { parsePubTatorLines } from "./pubtator/parse.js";
import { BioCValidationError } from "./validate.js";
import { parseXmlCollection } from "./xml/read-xml.js";

/** Options of {@link readCollection} / {@link parseCollection}. */
export interface ReadCollectionOptions extends ReadOptions {
  /** Skip content detection and read as this format. */
  format?: BioCFormat;
}

function describeArgument(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}

/**
 * Parses BioC JSON, BioC XML or PubTator **text** (format detected by
 * content). For a file, use {@link readCollection}.
 */
export function parseCollection(text: string, opts: ReadCollectionOptions = {}): BioCCollection {
  if (typeof text !== "string")
    throw new BioCError(
      "INVALID_ARGUMENT",
      `parseCollection takes the text of a collection (a string), got ${describeArgument(text)}`,
    );
  const ctx = new ReadContext(opts.file ?? "<string>", opts);
  // A string argument can carry lone surrogates that no decoder produced.
  checkSurrogates(text, ctx);
  const collection = parseText(text, ctx, opts.format);
  ctx.warnings.flush();
  return collection;
}

/** Parses decoded text with `ctx`: format, layout, then (strict) rules or (lenient) warnings. */
function parseText(text: string, ctx: ReadContext, format?: BioCFormat): BioCCollection {
  const file = ctx.file;
  const detected = format ?? detectFormat(text.slice(0, 4096), file);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  if (ctx.strict && detected === "json") {
    // Schema problems are collected on the raw JSON (lenient reading would default them).
    parsed = parseJsonValue(body, file);
    const violations = jsonSchemaViolations(parsed);
    if (violations.length > 0) throw new BioCValidationError(violations, { file });
  }
  const collection =
    parsed === undefined
      ? parseByFormat(detected, body, ctx)
      : parseJsonCollection(body, ctx, parsed);
  // the JSON readers refuse a repeated document id while converting
  checkContent(collection.documents, ctx, 0, detected === "json", ctx.contentToCheck);
  return collection;
}

function parseByFormat(format: BioCFormat, body: string, ctx: ReadContext): BioCCollection {
  switch (format) {
    case "json":
      return parseJsonCollection(body, ctx);
    case "xml":
      return parseXmlCollection(body, ctx);
    case "pubtator":
      return pubTatorToBioC(parsePubTatorLines(body, ctx, 1, new Set()));
    default:
      throw new BioCError("UNKNOWN_FORMAT", `unknown format ${JSON.stringify(format)}`, {
        file: ctx.file,
      });
  }
}

/** A string that cannot be a file name a person typed: it spans lines or is a whole JSON/XML text. */
function looksLikeContent(s: string): boolean {
  return s.includes("\n") || /^\s*(\{[\s\S]*\}|<[\s\S]*>)\s*$/.test(s);
}

function ioError(e: unknown, file: string, arg: string): BioCError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT" && looksLikeContent(arg))
    return new BioCError(
      "INVALID_ARGUMENT",
      "readCollection takes a file path, and this looks like the content of a collection; use parseCollection(text) for text",
      { file: `${arg.slice(0, 40)}…` },
    );
  const reason =
    code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
        ? "is a directory"
        : (e as Error).message;
  return new BioCError("IO_ERROR", `cannot read ${file}: ${reason}`, { file });
}

function checkSource(source: unknown): asserts source is string | Uint8Array {
  if (typeof source === "string") {
    if (source === "")
      throw new BioCError(
        "INVALID_ARGUMENT",
        "readCollection needs a file path, got an empty string",
      );
    return;
  }
  if (source instanceof Uint8Array) return;
  throw new BioCError(
    "INVALID_ARGUMENT",
    `readCollection takes a file path (string) or the file's bytes (Uint8Array), got ${describeArgument(source)}`,
  );
}

function parseBytes(bytes: Uint8Array, opts: ReadCollectionOptions, file: string): BioCCollection {
  if (bytes.length === 0)
    throw new BioCError("EMPTY_INPUT", "the file is empty (0 bytes)", { file, offset: 0 });
  const ctx = new ReadContext(file, opts);
  const collection = parseText(decodeBytes(bytes, ctx), ctx, opts.format);
  ctx.warnings.flush();
  return collection;
}

/**
 * Reads a whole collection from a **file path** (a string is always a path,
 * even one starting with `{` or `<`), or from the file's bytes; the format
 * (JSON, XML, PubTator) and the encoding (BOM or XML declaration) are
 * detected from the content. For text in memory use {@link parseCollection}.
 */
export async function readCollection(
  source: string | Uint8Array,
  opts: ReadCollectionOptions = {},
): Promise<BioCCollection> {
  checkSource(source);
  if (typeof source !== "string") return parseBytes(source, opts, opts.file ?? "<bytes>");
  const file = opts.file ?? source;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source);
  } catch (e) {
    throw ioError(e, file, source);
  }
  return parseBytes(bytes, opts, file);
}

/** Synchronous {@link readCollection}. */
export function readCollectionSync(
  source: string | Uint8Array,
  opts: ReadCollectionOptions = {},
): BioCCollection {
  checkSource(source);
  if (typeof source !== "string") return parseBytes(source, opts, opts.file ?? "<bytes>");
  const file = opts.file ?? source;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(source);
  } catch (e) {
    throw ioError(e, file, source);
  }
  return parseBytes(bytes, opts, file);
}
