import { readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import type { BioCCollection, BioCDocument } from "./model.js";
import { type Corpus, corpusCollection } from "./testing/corpus.js";
import { readCollection } from "./read.js";
import { streamDocuments } from "./stream.js";
import { createCollectionWriter, writeDocuments } from "./stream-writer.js";
import { formatCollection } from "./write.js";

const FILES: [Corpus, string][] = [
  ["biored", "Dev.BioC.XML"],
  ["biored", "Dev.BioC.JSON"],
  ["biored", "Dev.PubTator"],
  ["cdr", "CDR_DevelopmentSet.BioC.xml"],
  ["bc6pm", "PMtask_Relations_TestSet.json"],
  ["bc6pm", "PMtask_Relations_sample.json"],
  ["bc6pm", "PMtask_Triage_TestSet.xml"],
  ["fixtures", "ncbi-bioc-json/json/everything-sentence.json"],
  ["fixtures", "bionlplab-bioc/everything_v2.xml"],
];

/** Splits bytes into chunks of `size` so every boundary case gets hit. */
function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function collect(input: Parameters<typeof streamDocuments>[0]): Promise<BioCCollection> {
  const stream = streamDocuments(input);
  const documents: BioCDocument[] = [];
  for await (const d of stream) documents.push(d);
  return { ...(await stream.header()), documents };
}

describe("streamDocuments yields what readCollection reads", () => {
  for (const [corpus, file] of FILES) {
    it(`${corpus}/${file}`, async () => {
      const path = dataFile(corpus, file);
      if (!haveData(path)) return;
      const eager = (await corpusCollection(corpus, file)) as BioCCollection;
      expect(await collect(path)).toEqual(eager);
      // odd chunk sizes put boundaries inside strings, escapes, tags and UTF-8 sequences
      // (property.test.ts covers tiny chunks on generated files)
      const size = eager.documents.length > 50 ? 65_521 : 7;
      expect(await collect(chunked(readFileSync(path), size))).toEqual(eager);
    });
  }

  it("header() is available before iterating, and the format is detected by content", async () => {
    const path = dataFile("bc6pm", "PMtask_Triage_sample.json");
    if (!haveData(path)) return;
    const stream = streamDocuments(chunked(readFileSync(path), 64));
    expect(await stream.format()).toBe("json");
    const header = await stream.header();
    expect(header.source).toBe("PubMed");
    expect(header.key).toBe("");
    let n = 0;
    for await (const _ of stream) n++;
    expect(n).toBe(14);
    // "key" follows "documents" in this file: filled in when the iteration ends
    expect(header.key).toBe("collection.key");
  });

  it("stops reading when the consumer breaks early", async () => {
    const path = dataFile("biored", "Dev.BioC.XML");
    if (!haveData(path)) return;
    const ids: string[] = [];
    for await (const d of streamDocuments(path)) {
      ids.push(d.id);
      if (ids.length === 3) break;
    }
    expect(ids.length).toBe(3);
  });
});

describe("streaming writer", () => {
  for (const format of ["json", "xml", "pubtator"] as const) {
    it(`writes the same bytes as formatCollection (${format})`, async () => {
      const c = await corpusCollection("biored", "Dev.BioC.XML");
      if (!c) return;
      const sink = new PassThrough();
      const parts: Buffer[] = [];
      sink.on("data", (b: Buffer) => parts.push(b));
      const { documents, ...header } = c;
      const writer = createCollectionWriter(sink, header, { format, indent: 1 });
      for (const d of documents) await writer.write(d);
      await writer.close();
      expect(Buffer.concat(parts).toString("utf8")).toBe(
        formatCollection(c, { format, indent: 1 }),
      );
    });
  }

  it("rejects, never hangs, when the target is closed while it waits for room", async () => {
    // highWaterMark 1 and nobody reading: every write waits for "drain", which never comes
    const sink = new PassThrough({ highWaterMark: 1 });
    const header = { source: "s", date: "", key: "", infons: {} };
    const writer = createCollectionWriter(sink, header, { format: "json" });
    const doc: BioCDocument = { id: "1", infons: {}, passages: [], annotations: [], relations: [] };
    const waiting = writer.write(doc);
    sink.destroy();
    await expect(waiting).rejects.toMatchObject({ code: "IO_ERROR" });
    await expect(writer.write(doc)).rejects.toMatchObject({ code: "IO_ERROR" });
  });

  it("names a Writable target in its errors by opts.name (or <stream>)", async () => {
    const header = { source: "s", date: "", key: "", infons: {} };
    const doc: BioCDocument = { id: "1", infons: {}, passages: [], annotations: [], relations: [] };
    for (const [name, expected] of [
      ["out/shard-7.json.gz", "out/shard-7.json.gz"],
      [undefined, "<stream>"],
    ] as const) {
      const sink = new PassThrough({ highWaterMark: 1 });
      const writer = createCollectionWriter(sink, header, {
        format: "json",
        ...(name ? { name } : {}),
      });
      const waiting = writer.write(doc);
      sink.destroy(new Error("disk full"));
      await expect(waiting).rejects.toMatchObject({
        code: "IO_ERROR",
        location: { file: expected },
        message: expect.stringContaining(`cannot write ${expected}: disk full`),
      });
    }
  });

  it("converts a stream to a file and back without loss", async () => {
    const path = dataFile("bc6pm", "PMtask_Relations_TestSet.xml");
    if (!haveData(path)) return;
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "bioc-io-"));
    try {
      const out = join(dir, "out.json");
      const stream = streamDocuments(path);
      const n = await writeDocuments(out, await stream.header(), stream);
      expect(n).toBe(635);
      expect(await readCollection(out)).toEqual(await readCollection(path));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
