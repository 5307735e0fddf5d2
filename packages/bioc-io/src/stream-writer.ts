import type { Writable } from "node:stream";
import { type AtomicWriteStream, createAtomicWriteStream } from "./atomic/write-stream.js";
import { toWriteError } from "./atomic/write-error.js";
import { BioCError } from "./errors.js";
import type { BioCCollectionHeader, BioCDocument } from "./model.js";
import {
  type CollectionFormatter,
  type WriteOptions,
  createFormatter,
  resolveWriteFormat,
} from "./write.js";

/** Writes a collection one document at a time, in flat memory. */
export interface CollectionWriter {
  /** Writes one document; resolves when the target can take more. */
  write(doc: BioCDocument): Promise<void>;
  /** Writes the closing part and, for a path, moves the finished file into place. */
  close(): Promise<void>;
  /** Gives up: for a path, the temp file is removed and the target stays absent or as it was. */
  abort(): Promise<void>;
}

class StreamCollectionWriter implements CollectionWriter {
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly out: Writable,
    private readonly formatter: CollectionFormatter,
    private readonly atomic: AtomicWriteStream | undefined,
    private readonly file: string,
    header: BioCCollectionHeader,
  ) {
    out.on("error", (e) => {
      this.failure ??= this.wrap(e);
    });
    this.out.write(formatter.open(header));
  }

  private wrap(e: Error): BioCError {
    if (e instanceof BioCError) return e;
    return this.atomic
      ? toWriteError(e, this.file)
      : new BioCError("IO_ERROR", `cannot write ${this.file}: ${e.message}`, { file: this.file });
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new BioCError("IO_ERROR", "the writer is closed", { file: this.file });
    if (this.out.destroyed) throw this.outputClosed();
  }

  private outputClosed(): BioCError {
    const cause = this.out.errored;
    return cause
      ? this.wrap(cause)
      : new BioCError("IO_ERROR", `the output of ${this.file} was closed`, { file: this.file });
  }

  /** Waits for room in the target; rejects when it fails or is closed meanwhile (never hangs). */
  private drain(): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (outcome: () => void) => {
        this.out.off("drain", onDrain);
        this.out.off("error", onError);
        this.out.off("close", onClose);
        outcome();
      };
      const onDrain = () => settle(resolve);
      const onError = (e: Error) => settle(() => reject(this.wrap(e)));
      const onClose = () => settle(() => reject(this.outputClosed()));
      this.out.once("drain", onDrain);
      this.out.once("error", onError);
      this.out.once("close", onClose);
    });
  }

  async write(doc: BioCDocument): Promise<void> {
    this.check();
    if (!this.out.write(this.formatter.document(doc))) await this.drain();
  }

  async close(): Promise<void> {
    this.check();
    this.closed = true;
    const tail = this.formatter.close();
    if (this.atomic) {
      if (tail) this.out.write(tail);
      await this.atomic.commit();
      return;
    }
    if (tail && !this.out.write(tail)) await this.drain();
  }

  async abort(): Promise<void> {
    this.closed = true;
    await this.atomic?.abort();
  }
}

function checkHeader(header: unknown): void {
  if (header === null || typeof header !== "object")
    throw new BioCError(
      "INVALID_ARGUMENT",
      `the collection header must be an object (source, date, key, infons), got ${header === null ? "null" : typeof header}`,
    );
}

/**
 * Opens a streaming writer to a path (format from `opts.format` or the
 * extension) or to any Writable (`opts.format` required). A path is written
 * atomically: a `WriteError` is thrown here when the file cannot be
 * created, and nothing appears at the path until `close()` succeeds.
 */
export function createCollectionWriter(
  target: string | Writable,
  header: BioCCollectionHeader,
  opts: WriteOptions = {},
): CollectionWriter {
  const writable =
    target !== null && typeof target === "object" && typeof target.write === "function";
  if ((typeof target !== "string" || target === "") && !writable)
    throw new BioCError(
      "INVALID_ARGUMENT",
      `the output must be a file path or a Writable, got ${target === null ? "null" : typeof target}`,
    );
  checkHeader(header);
  const path = typeof target === "string" ? target : undefined;
  const format = resolveWriteFormat(path, opts.format);
  const formatter = createFormatter(format, opts);
  if (path === undefined)
    return new StreamCollectionWriter(
      target as Writable,
      formatter,
      undefined,
      opts.name ?? "<stream>",
      header,
    );
  const atomic = createAtomicWriteStream(path, opts.inputs ? { inputs: opts.inputs } : {});
  return new StreamCollectionWriter(atomic.stream, formatter, atomic, path, header);
}

/**
 * Writes a header and any (async) iterable of documents through
 * {@link createCollectionWriter}; if reading the documents or writing fails,
 * a path target is left absent or as it was and the error is rethrown.
 */
export async function writeDocuments(
  target: string | Writable,
  header: BioCCollectionHeader,
  documents: AsyncIterable<BioCDocument> | Iterable<BioCDocument>,
  opts: WriteOptions = {},
): Promise<number> {
  const iterable =
    documents !== null &&
    typeof documents === "object" &&
    (Symbol.iterator in documents || Symbol.asyncIterator in documents);
  if (!iterable)
    throw new BioCError(
      "INVALID_ARGUMENT",
      `writeDocuments takes an (async) iterable of documents, got ${documents === null ? "null" : typeof documents}`,
    );
  const writer = createCollectionWriter(target, header, opts);
  let n = 0;
  try {
    for await (const doc of documents) {
      await writer.write(doc);
      n++;
    }
    await writer.close();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return n;
}
