import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
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
  /** Writes the closing part and, for a path, closes the file. */
  close(): Promise<void>;
}

class StreamCollectionWriter implements CollectionWriter {
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly out: Writable,
    private readonly formatter: CollectionFormatter,
    private readonly ownsStream: boolean,
    private readonly file: string,
    header: BioCCollectionHeader,
  ) {
    out.on("error", (e) => {
      this.failure = e;
    });
    this.out.write(formatter.open(header));
  }

  private check(): void {
    if (this.failure)
      throw new BioCError("IO_ERROR", `cannot write ${this.file}: ${this.failure.message}`, {
        file: this.file,
      });
    if (this.closed) throw new BioCError("IO_ERROR", "the writer is closed", { file: this.file });
  }

  private drain(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.out.off("error", onError);
        resolve();
      };
      const onError = (e: Error) => {
        this.out.off("drain", onDrain);
        reject(
          new BioCError("IO_ERROR", `cannot write ${this.file}: ${e.message}`, { file: this.file }),
        );
      };
      this.out.once("drain", onDrain);
      this.out.once("error", onError);
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
    if (!this.ownsStream) {
      if (tail && !this.out.write(tail)) await this.drain();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      this.out.end(tail, () => (this.failure ? reject(this.failure) : resolve()));
      this.out.once("error", reject);
    }).catch((e: Error) => {
      throw new BioCError("IO_ERROR", `cannot write ${this.file}: ${e.message}`, {
        file: this.file,
      });
    });
  }
}

/**
 * Opens a streaming writer to a path (format from `opts.format` or the
 * extension) or to any Writable (`opts.format` required).
 */
export function createCollectionWriter(
  target: string | Writable,
  header: BioCCollectionHeader,
  opts: WriteOptions = {},
): CollectionWriter {
  const path = typeof target === "string" ? target : undefined;
  const format = resolveWriteFormat(path, opts.format);
  const formatter = createFormatter(format, opts);
  const out = typeof target === "string" ? createWriteStream(target) : target;
  return new StreamCollectionWriter(out, formatter, path !== undefined, path ?? "<stream>", header);
}

/** Writes a header and any (async) iterable of documents through {@link createCollectionWriter}. */
export async function writeDocuments(
  target: string | Writable,
  header: BioCCollectionHeader,
  documents: AsyncIterable<BioCDocument> | Iterable<BioCDocument>,
  opts: WriteOptions = {},
): Promise<number> {
  const writer = createCollectionWriter(target, header, opts);
  let n = 0;
  for await (const doc of documents) {
    await writer.write(doc);
    n++;
  }
  await writer.close();
  return n;
}
