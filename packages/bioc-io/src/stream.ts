import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { ReadContext, type ReadOptions } from "./context.js";
import { type BioCFormat, detectFormat } from "./detect.js";
import { BioCError } from "./errors.js";
import { JsonDocumentScanner } from "./json/json-stream.js";
import type { BioCCollectionHeader, BioCDocument } from "./model.js";
import { pubTatorDocumentToBioC } from "./pubtator/convert.js";
import { parsePubTatorLines } from "./pubtator/parse.js";
import { checkContent } from "./checks/report.js";
import { type ChunkDecoder, createChunkDecoder } from "./encoding/decode.js";
import { BioCXmlParser } from "./xml/xml-parser.js";

/** Options of {@link streamDocuments}. */
export interface StreamOptions extends ReadOptions {
  /** Called after each chunk with the number of bytes read so far (for progress bars). */
  onProgress?: (bytesRead: number) => void;
}

/** Documents of a collection, read one at a time, plus the collection header. */
export interface DocumentStream extends AsyncIterable<BioCDocument> {
  /**
   * The collection header. Resolves once the first document is read (reading
   * that far if needed). For JSON files that put header keys after
   * `documents`, those keys are filled in on this same object when the
   * iteration finishes.
   */
  header(): Promise<BioCCollectionHeader>;
  /** The detected format (reads the first bytes if needed). */
  format(): Promise<BioCFormat>;
}

type Source = AsyncIterable<Uint8Array | string>;

/** Turns chunks into batches of documents, detecting the format from the first bytes. */
async function* documentBatches(
  source: Source,
  ctx: ReadContext,
  onHeader: (h: BioCCollectionHeader) => void,
  onFormat: (f: BioCFormat) => void,
  onProgress: ((bytesRead: number) => void) | undefined,
  strict: boolean,
): AsyncGenerator<BioCDocument[]> {
  let feed: ((bytes: Buffer) => void) | undefined;
  let finish: (() => void) | undefined;
  let decoder: ChunkDecoder | undefined;
  let ready: BioCDocument[] = [];
  let head = Buffer.alloc(0);
  let total = 0;

  const start = (format: BioCFormat): void => {
    onFormat(format);
    if (format === "json") {
      const scanner = new JsonDocumentScanner(ctx, onHeader, strict);
      ready = scanner.ready;
      feed = (b) => scanner.push(b);
      finish = () => scanner.end();
    } else if (format === "xml") {
      const decoder = new StringDecoder("utf8");
      const parser = new BioCXmlParser(
        ctx.file,
        { onHeader, onDocument: (d) => ready.push(d) },
        ctx.ignoreUnknown,
      );
      let first = true;
      feed = (b) => {
        let s = decoder.write(b);
        if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
        parser.write(s);
      };
      finish = () => {
        parser.write(decoder.end());
        parser.close();
      };
    } else {
      const pubtator = pubTatorFeeder(ctx, ready);
      onHeader({ source: "PubTator", date: "", key: "", infons: {} });
      feed = pubtator.feed;
      finish = pubtator.finish;
    }
  };

  for await (const chunk of source) {
    const bytes =
      typeof chunk === "string"
        ? Buffer.from(chunk, "utf8")
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += bytes.length;
    onProgress?.(total);
    if (!feed) {
      head = Buffer.concat([head, bytes]);
      if (head.length < 4096 && isBlankUtf8(head)) continue;
      // the encoding (BOM, XML declaration) decides how every chunk is decoded; readers get UTF-8
      decoder = createChunkDecoder(head, ctx);
      const utf8 = decoder.write(head);
      // StringDecoder leaves out a UTF-8 sequence cut by the chunk boundary
      start(detectFormat(new StringDecoder("utf8").write(utf8.subarray(0, 4096)), ctx.file));
      (feed as unknown as (b: Buffer) => void)(utf8);
    } else feed((decoder as ChunkDecoder).write(bytes));
    if (ready.length > 0) yield ready.splice(0, ready.length);
  }
  if (total === 0)
    throw new BioCError("EMPTY_INPUT", "the input is empty (0 bytes)", {
      file: ctx.file,
      offset: 0,
    });
  if (!feed) {
    decoder = createChunkDecoder(head, ctx);
    const utf8 = decoder.write(head);
    start(detectFormat(utf8.toString("utf8"), ctx.file));
    (feed as unknown as (b: Buffer) => void)(utf8);
  }
  const rest = (decoder as ChunkDecoder).end();
  if (rest.length > 0) (feed as unknown as (b: Buffer) => void)(rest);
  (finish as () => void)();
  if (ready.length > 0) yield ready.splice(0, ready.length);
}

function isBlankUtf8(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 32 && b !== 10 && b !== 13 && b !== 9) return false;
  return true;
}

/** PubTator streams as groups of lines separated by blank lines. */
function pubTatorFeeder(ctx: ReadContext, ready: BioCDocument[]) {
  const decoder = new StringDecoder("utf8");
  const seen = new Set<string>();
  let pending = "";
  let nextLine = 1;
  const parseGroup = (text: string) => {
    for (const d of parsePubTatorLines(text, ctx, nextLine, seen))
      ready.push(pubTatorDocumentToBioC(d));
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) nextLine++;
  };
  return {
    feed(b: Buffer) {
      pending += decoder.write(b);
      // cut after the last blank line: everything before it is whole documents
      const lf = pending.lastIndexOf("\n\n");
      const crlf = pending.lastIndexOf("\n\r\n");
      const end = Math.max(lf === -1 ? -1 : lf + 2, crlf === -1 ? -1 : crlf + 3);
      if (end === -1) return;
      parseGroup(pending.slice(0, end));
      pending = pending.slice(end);
    },
    finish() {
      pending += decoder.end();
      if (pending !== "") parseGroup(pending);
    },
  };
}

function isReadablePath(input: unknown): input is string {
  return typeof input === "string";
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

class DocumentStreamImpl implements DocumentStream {
  private readonly buffered: BioCDocument[] = [];
  private next = 0;
  private headerValue: BioCCollectionHeader | undefined;
  private formatValue: BioCFormat | undefined;
  private done = false;
  private started = false;
  private index = 0;
  private readonly batches: AsyncGenerator<BioCDocument[]>;

  constructor(
    source: Source,
    private readonly ctx: ReadContext,
    onProgress?: (bytesRead: number) => void,
    strict = false,
  ) {
    this.batches = documentBatches(
      source,
      ctx,
      (h) => {
        this.headerValue = h;
      },
      (f) => {
        this.formatValue = f;
      },
      onProgress,
      strict,
    );
  }

  private async pull(): Promise<void> {
    let r: IteratorResult<BioCDocument[]>;
    try {
      r = await this.batches.next();
    } catch (e) {
      this.done = true;
      throw e instanceof BioCError ? e : ioError(e, this.ctx.file);
    }
    if (r.done) this.done = true;
    else {
      if (this.next > 0) {
        this.buffered.splice(0, this.next);
        this.next = 0;
      }
      this.buffered.push(...r.value);
    }
  }

  async header(): Promise<BioCCollectionHeader> {
    while (this.headerValue === undefined && !this.done) await this.pull();
    return this.headerValue as BioCCollectionHeader;
  }

  async format(): Promise<BioCFormat> {
    while (this.formatValue === undefined && !this.done) await this.pull();
    return this.formatValue as BioCFormat;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<BioCDocument> {
    if (this.started)
      throw new BioCError("IO_ERROR", "a document stream can be iterated only once", {
        file: this.ctx.file,
      });
    this.started = true;
    try {
      while (true) {
        while (this.next < this.buffered.length) {
          const doc = this.buffered[this.next] as BioCDocument;
          this.buffered[this.next++] = undefined as unknown as BioCDocument; // let it be collected
          // strict: ids, references, text at offsets per document; lenient: counted warnings
          checkContent([doc], this.ctx, this.index);
          this.index++;
          yield doc;
        }
        if (this.done) {
          this.ctx.warnings.flush();
          return;
        }
        await this.pull();
      }
    } finally {
      if (!this.done) await this.batches.return(undefined);
      // a consumer that stops early still hears what was tolerated so far
      this.ctx.warnings.flush();
    }
  }
}

/**
 * Streams the documents of a BioC JSON, BioC XML or PubTator file (path,
 * Readable, or any async iterable of chunks) in memory that stays flat as the
 * file grows. The format is detected from the first bytes. With `strict`,
 * each document is checked as it is read (JSON layout, unique ids, node
 * references); collection-level fields are checked only by eager reading.
 */
export function streamDocuments(
  input: string | Readable | AsyncIterable<Uint8Array | string>,
  opts: StreamOptions = {},
): DocumentStream {
  const isIterable =
    input !== null &&
    typeof input === "object" &&
    typeof (input as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function";
  if ((typeof input !== "string" || input === "") && !isIterable)
    throw new BioCError(
      "INVALID_ARGUMENT",
      `streamDocuments takes a file path, a Readable or an async iterable of chunks, got ${input === null ? "null" : input === "" ? "an empty string" : typeof input}`,
    );
  const file = opts.file ?? (isReadablePath(input) ? input : "<stream>");
  const source: Source = isReadablePath(input)
    ? createReadStream(input, { highWaterMark: 1 << 20 })
    : input;
  const ctx = new ReadContext(file, opts);
  return new DocumentStreamImpl(source, ctx, opts.onProgress, opts.strict === true);
}
