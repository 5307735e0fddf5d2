import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BioCError } from "./errors.js";
import type {
  BioCAnnotation,
  BioCCollection,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  BioCSentence,
  Infons,
} from "./model.js";
import { formatPubTator } from "./pubtator/format.js";
import type { PubTatorDocument } from "./pubtator/model.js";
import { parsePubTator } from "./pubtator/parse.js";
import { parseCollection } from "./read.js";
import { streamDocuments } from "./stream.js";
import { formatCollection } from "./write.js";

// Random valid collections survive write -> read in JSON and XML; random
// mutations of valid files either still read or fail with a BioCError (never
// a TypeError, never a silently shortened collection). Seeded for repeatability.

const SEED = Number(process.env.FC_SEED ?? 20240611);
const RUNS = 100;

/** Characters XML 1.0 can carry, with the ones that need escaping made likely. */
const char = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "a",
      "Z",
      " ",
      "\n",
      "\t",
      "\r",
      "&",
      "<",
      ">",
      '"',
      "'",
      "]]>",
      "é",
      "测",
      "😀",
      "\u00a0",
    ),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCodePoint(c)),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  },
);
const text = fc.string({ unit: char, maxLength: 12 });
const key = text.filter((k) => k !== "__proto__");
const infons: fc.Arbitrary<Infons> = fc
  .array(fc.tuple(key, text), { maxLength: 3 })
  .map((pairs) => Object.fromEntries(pairs));
const offset = fc.nat({ max: 1_000_000 });

const annotation: fc.Arbitrary<BioCAnnotation> = fc.record({
  id: text,
  infons,
  text,
  locations: fc.array(fc.record({ offset, length: fc.nat({ max: 1000 }) }), { maxLength: 3 }),
});
const relation: fc.Arbitrary<BioCRelation> = fc.record({
  id: text,
  infons,
  nodes: fc.array(fc.record({ refid: text, role: text }), { maxLength: 3 }),
});
const sentence: fc.Arbitrary<BioCSentence> = fc.record({
  offset,
  infons,
  text,
  annotations: fc.array(annotation, { maxLength: 2 }),
  relations: fc.array(relation, { maxLength: 2 }),
});
/** Canonical passages: text absent only when sentences carry it (see normalize.ts). */
const passage: fc.Arbitrary<BioCPassage> = fc
  .record({
    offset,
    infons,
    text: fc.option(text, { nil: undefined }),
    sentences: fc.array(sentence, { maxLength: 2 }),
    annotations: fc.array(annotation, { maxLength: 3 }),
    relations: fc.array(relation, { maxLength: 2 }),
  })
  .map(({ text: t, ...p }) => {
    if (p.sentences.length === 0) return { ...p, text: t ?? "" };
    return t === undefined || t === "" ? p : { ...p, text: t };
  });
const document: fc.Arbitrary<Omit<BioCDocument, "id">> = fc.record({
  infons,
  passages: fc.array(passage, { maxLength: 3 }),
  annotations: fc.array(annotation, { maxLength: 2 }),
  relations: fc.array(relation, { maxLength: 2 }),
});
const collection: fc.Arbitrary<BioCCollection> = fc
  .record({
    source: text,
    date: text,
    key: text,
    version: fc.option(text, { nil: undefined }),
    infons,
    documents: fc.uniqueArray(fc.tuple(text, document), { maxLength: 4, selector: ([id]) => id }),
  })
  .map(({ version, documents, ...rest }) => {
    const c: BioCCollection = { ...rest, documents: documents.map(([id, d]) => ({ id, ...d })) };
    if (version !== undefined) c.version = version;
    return c;
  });

const formats = fc.constantFrom("json" as const, "xml" as const);
const indents = fc.constantFrom(0, 2);

describe("read(write(x)) deep-equals x", () => {
  it("JSON and XML, compact and indented", () => {
    fc.assert(
      fc.property(collection, formats, indents, (c, format, indent) => {
        expect(parseCollection(formatCollection(c, { format, indent }))).toEqual(c);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("streaming reads the same, in small chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        collection,
        formats,
        fc.integer({ min: 1, max: 64 }),
        async (c, format, size) => {
          const bytes = Buffer.from(formatCollection(c, { format }));
          const chunks: Buffer[] = [];
          for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
          const stream = streamDocuments(Readable.from(chunks));
          const documents: BioCDocument[] = [];
          for await (const d of stream) documents.push(d);
          expect({ ...(await stream.header()), documents }).toEqual(c);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("PubTator: parse(format(x)) deep-equals x", () => {
    const field = fc.string({ unit: char, maxLength: 10 }).map((s) => s.replace(/[\t\n\r]/g, " "));
    const mention = fc
      .record({
        start: fc.nat({ max: 5000 }),
        len: fc.nat({ max: 50 }),
        text: field,
        type: field,
        identifier: fc.option(field, { nil: undefined }),
        extra: fc.array(field, { maxLength: 2 }),
      })
      .map(({ start, len, identifier, extra, ...m }) =>
        identifier === undefined
          ? { ...m, start, end: start + len, extra: [] }
          : { ...m, start, end: start + len, identifier, extra },
      );
    const relation = fc
      .record({
        type: fc.stringMatching(/^[A-Za-z_]{1,12}$/),
        // a relation names two concepts (non-blank) and has at most 5 columns
        id1: fc.stringMatching(/^[A-Za-z0-9:_-]{1,10}$/),
        id2: fc.stringMatching(/^[A-Za-z0-9:_-]{1,10}$/),
        novel: fc.option(field, { nil: undefined }),
      })
      .map(({ novel, ...r }) =>
        novel === undefined ? { ...r, extra: [] } : { ...r, novel, extra: [] },
      );
    const docs = fc.uniqueArray(
      fc.record({
        id: fc.stringMatching(/^[0-9A-Za-z_.-]{1,10}$/),
        title: field,
        abstract: field,
        mentions: fc.array(mention, { maxLength: 4 }),
        relations: fc.array(relation, { maxLength: 3 }),
      }),
      { maxLength: 4, selector: (d) => d.id },
    );
    fc.assert(
      fc.property(docs, (d: PubTatorDocument[]) => {
        expect(parsePubTator(formatPubTator(d))).toEqual(d);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

/** Reads text and reports how it went; anything other than a BioCError fails the test. */
function outcome(text: string): "ok" | BioCError {
  try {
    parseCollection(text);
    return "ok";
  } catch (e) {
    if (!(e instanceof BioCError)) throw e;
    return e;
  }
}

describe("mutated files fail cleanly", () => {
  const nonEmpty = collection.filter((c) => c.documents.length > 0);

  it("any truncation before the closing tag/brace is an error, never a shorter collection", () => {
    fc.assert(
      fc.property(
        nonEmpty,
        formats,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, format, at) => {
          const full = formatCollection(c, { format });
          const end = full.trimEnd().length - 1; // keep at most everything but the last '}' or '>'
          const cut = Math.floor(at * end);
          const result = outcome(full.slice(0, cut));
          expect(result).toBeInstanceOf(BioCError);
          expect([
            "TRUNCATED",
            "EMPTY_INPUT",
            "JSON_SYNTAX",
            "XML_SYNTAX",
            "UNKNOWN_FORMAT",
          ]).toContain((result as BioCError).code);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("deleting, inserting or replacing characters gives a collection or a BioCError", () => {
    const edit = fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      kind: fc.constantFrom("delete", "insert", "replace"),
      ch: fc.constantFrom(
        "{",
        "}",
        "[",
        "]",
        '"',
        ",",
        ":",
        "<",
        ">",
        "/",
        "&",
        "-",
        "1",
        "x",
        "\u0000",
        "\\",
      ),
    });
    fc.assert(
      fc.property(
        nonEmpty,
        formats,
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (c, format, edits) => {
          let s = formatCollection(c, { format });
          for (const e of edits) {
            const i = Math.floor(e.at * s.length);
            if (e.kind === "delete") s = s.slice(0, i) + s.slice(i + 1);
            else if (e.kind === "insert") s = s.slice(0, i) + e.ch + s.slice(i);
            else s = s.slice(0, i) + e.ch + s.slice(i + 1);
          }
          const result = outcome(s);
          if (result !== "ok") {
            expect(result.code).toMatch(/^[A-Z_]+$/);
            expect(
              result.location.line !== undefined ||
                result.location.jsonPath !== undefined ||
                result.location.offset !== undefined,
            ).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
