import { writeFileAtomic } from "./atomic/write-file.js";
import { type BioCFormat, formatFromExtension } from "./detect.js";
import { BioCError } from "./errors.js";
import { JsonCollectionFormatter } from "./json/write-json.js";
import type { BioCCollection, BioCCollectionHeader, BioCDocument } from "./model.js";
import { bioCDocumentToPubTator } from "./pubtator/convert.js";
import { formatPubTatorDocument } from "./pubtator/format.js";
import { XmlCollectionFormatter } from "./xml/write-xml.js";

/** Options of {@link writeCollection} and the streaming writer. */
export interface WriteOptions {
  /** Output format; when writing to a path, defaults to the path's extension. */
  format?: BioCFormat;
  /** Spaces per indentation level for JSON/XML; 0 (default) is compact. */
  indent?: number;
  /** Files the output was made from: writing over one of them is refused (`OUTPUT_IS_INPUT`). */
  inputs?: readonly string[];
  /**
   * What errors call a Writable target (its file, when the caller knows it);
   * `<stream>` by default. A path target is always named by its path.
   */
  name?: string;
}

/** Emits a collection in pieces: `open(header)`, `document(doc)` per document, `close()`. */
export interface CollectionFormatter {
  /** Text before the first document (collection header, opening tags). */
  open(header: BioCCollectionHeader): string;
  /** The text of one document, including any separator it needs. */
  document(doc: BioCDocument): string;
  /** Text after the last document (closing tags). */
  close(): string;
}

class PubTatorFormatter implements CollectionFormatter {
  open(): string {
    return "";
  }
  document(doc: BioCDocument): string {
    return formatPubTatorDocument(bioCDocumentToPubTator(doc));
  }
  close(): string {
    return "";
  }
}

/** A formatter for one of the three formats. */
export function createFormatter(format: BioCFormat, opts: WriteOptions = {}): CollectionFormatter {
  const indent = opts.indent === undefined ? {} : { indent: opts.indent };
  if (format === "json") return new JsonCollectionFormatter(indent);
  if (format === "xml") return new XmlCollectionFormatter(indent);
  if (format === "pubtator") return new PubTatorFormatter();
  throw new BioCError("UNKNOWN_FORMAT", `unknown output format ${JSON.stringify(format)}`);
}

/** The output format: explicit `format`, else from the path's extension. */
export function resolveWriteFormat(
  path: string | undefined,
  format: BioCFormat | undefined,
): BioCFormat {
  if (format) return format;
  const fromExt = path === undefined ? undefined : formatFromExtension(path);
  if (fromExt) return fromExt;
  throw new BioCError(
    "UNKNOWN_FORMAT",
    path === undefined
      ? "say which format to write (format: json | xml | pubtator)"
      : `cannot tell the output format from "${path}"; use a .json, .xml or .pubtator name or pass a format`,
    path === undefined ? {} : { file: path },
  );
}

/** Serializes a collection to BioC JSON, BioC XML or PubTator text. */
export function formatCollection(
  collection: BioCCollection,
  opts: WriteOptions & { format: BioCFormat },
): string {
  const f = createFormatter(opts.format, opts);
  const { documents, ...header } = collection;
  const parts = [f.open(header)];
  for (const d of documents) parts.push(f.document(d));
  parts.push(f.close());
  return parts.join("");
}

/**
 * Writes a collection to `path` (format from `opts.format` or the extension)
 * and returns undefined, or, when `path` is undefined, returns the text.
 * The file is written atomically ({@link writeFileAtomic}): on any failure a
 * `WriteError` is thrown and the target is absent or as it was.
 */
export function writeCollection(
  collection: BioCCollection,
  path: undefined,
  opts: WriteOptions & { format: BioCFormat },
): string;
export function writeCollection(
  collection: BioCCollection,
  path: string,
  opts?: WriteOptions,
): undefined;
export function writeCollection(
  collection: BioCCollection,
  path: string | undefined,
  opts: WriteOptions = {},
): string | undefined {
  if (collection === null || typeof collection !== "object" || !Array.isArray(collection.documents))
    throw new BioCError(
      "INVALID_ARGUMENT",
      `writeCollection takes a collection with a documents array, got ${collection === null ? "null" : typeof collection}`,
    );
  const format = resolveWriteFormat(path, opts.format);
  const text = formatCollection(collection, { ...opts, format });
  if (path === undefined) return text;
  writeFileAtomic(path, text, opts.inputs ? { inputs: opts.inputs } : {});
  return undefined;
}
