import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataFile, haveData } from "@biore/test-data";
import { afterAll, describe, expect, it } from "vitest";
import { BioCError, type BioCErrorCode } from "./errors.js";
import type { BioCDocument } from "./model.js";
import { readCollection } from "./read.js";
import { streamDocuments } from "./stream.js";
import { BioCValidationError } from "./validate.js";
import type { BioCWarning } from "./warnings.js";

// Every kind of bad input gives a BioCError with a stable code, the file, the
// document id and a position; streaming never ends quietly on a broken file.

const dir = mkdtempSync(join(tmpdir(), "bioc-io-bad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, content);
  return path;
}

async function readError(path: string, opts = {}): Promise<BioCError> {
  const err = await readCollection(path, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BioCError);
  return err as BioCError;
}

async function streamError(
  path: string,
  opts = {},
): Promise<{ error: BioCError; docs: BioCDocument[] }> {
  const docs: BioCDocument[] = [];
  try {
    for await (const d of streamDocuments(path, opts)) docs.push(d);
  } catch (e) {
    expect(e).toBeInstanceOf(BioCError);
    return { error: e as BioCError, docs };
  }
  throw new Error("the stream ended without an error");
}

function expectError(
  err: BioCError,
  code: BioCErrorCode,
  where: { file: string; documentId?: string; jsonPath?: string; line?: number },
) {
  expect(err.code).toBe(code);
  expect(err.location.file).toBe(where.file);
  if (where.documentId !== undefined) expect(err.location.documentId).toBe(where.documentId);
  if (where.jsonPath !== undefined) expect(err.location.jsonPath).toBe(where.jsonPath);
  if (where.line !== undefined) expect(err.location.line).toBe(where.line);
  // some position is always given
  const { line, jsonPath, offset } = err.location;
  expect(line !== undefined || jsonPath !== undefined || offset !== undefined).toBe(true);
  expect(err.message).toContain(where.file);
}

const JSON_DOC = (id: string, extra = "") =>
  `{"id": "${id}", "infons": {}, "passages": [{"offset": 0, "infons": {}, "text": "abc", "sentences": [], "annotations": [{"id": "A1", "infons": {}, "text": "ab", "locations": [{"offset": 0, "length": 2}]}], "relations": []}], "relations": []${extra}}`;
const JSON_COLLECTION = (docs: string[]) =>
  `{"source": "s", "date": "d", "key": "k", "infons": {},\n "documents": [\n${docs.join(",\n")}\n]}`;
const XML_COLLECTION = (docs: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE collection SYSTEM "BioC.dtd">\n<collection><source>s</source><date>d</date><key>k</key>\n${docs}\n</collection>\n`;
const XML_DOC = (id: string, passageExtra = "") =>
  `<document><id>${id}</id><passage><offset>0</offset><text>abc</text>${passageExtra}<annotation id="A1"><location offset="0" length="2"/><text>ab</text></annotation></passage></document>`;

describe("bad JSON", () => {
  it("truncated JSON: TRUNCATED with line:column, JSON path and the document being read", async () => {
    const path = file("t.json", JSON_COLLECTION([JSON_DOC("d1"), JSON_DOC("d2")]).slice(0, -60));
    const err = await readError(path);
    expectError(err, "TRUNCATED", { file: path, documentId: "d2", line: 4 });
    expect(err.location.jsonPath).toMatch(/^\$\.documents\[1\]/);
    const streamed = await streamError(path);
    expectError(streamed.error, "TRUNCATED", { file: path, documentId: "d2", line: 4 });
    expect(streamed.docs.map((d) => d.id)).toEqual(["d1"]);
  });

  it("truncated real file (BioRED Dev JSON cut in half)", async () => {
    const src = dataFile("biored", "Dev.BioC.JSON");
    if (!haveData(src)) return;
    const bytes = readFileSync(src);
    const path = file("half.json", bytes.subarray(0, bytes.length >> 1));
    const err = await readError(path);
    expect(err.code).toBe("TRUNCATED");
    expect(err.location.documentId).toMatch(/^\d+$/);
    expect(err.location.jsonPath).toMatch(/^\$\.documents\[\d+\]/);
    const streamed = await streamError(path);
    expect(streamed.error.code).toBe("TRUNCATED");
    expect(streamed.error.location.documentId).toBe(err.location.documentId);
    expect(streamed.docs.length).toBeGreaterThan(10);
    expect(streamed.docs.length).toBeLessThan(100);
  });

  it("syntax error inside a document", async () => {
    const path = file(
      "syntax.json",
      JSON_COLLECTION([JSON_DOC("d1"), JSON_DOC("d2").replace('"text": "abc"', '"text": abc')]),
    );
    const err = await readError(path);
    expectError(err, "JSON_SYNTAX", { file: path, documentId: "d2", line: 4 });
    expect(err.location.jsonPath).toBe("$.documents[1].passages[0].text");
    const streamed = await streamError(path);
    expectError(streamed.error, "JSON_SYNTAX", {
      file: path,
      documentId: "d2",
      line: 4,
      jsonPath: "$.documents[1].passages[0].text",
    });
    expect(streamed.error.location.column).toBe(err.location.column);
  });

  it("a string offset and a negative length", async () => {
    const stringOffset = file(
      "so.json",
      JSON_COLLECTION([JSON_DOC("d1").replace('"offset": 0, "infons"', '"offset": "0", "infons"')]),
    );
    expectError(await readError(stringOffset), "INVALID_VALUE", {
      file: stringOffset,
      documentId: "d1",
      jsonPath: "$.documents[0].passages[0].offset",
    });
    const negative = file(
      "neg.json",
      JSON_COLLECTION([JSON_DOC("d1").replace('"length": 2', '"length": -2')]),
    );
    expectError(await readError(negative), "INVALID_VALUE", {
      file: negative,
      documentId: "d1",
      jsonPath: "$.documents[0].passages[0].annotations[0].locations[0].length",
    });
    expectError((await streamError(negative)).error, "INVALID_VALUE", {
      file: negative,
      documentId: "d1",
      jsonPath: "$.documents[0].passages[0].annotations[0].locations[0].length",
    });
  });

  it("an unknown key fails unless unknown: ignore", async () => {
    const path = file("unknown.json", JSON_COLLECTION([JSON_DOC("d1", ', "pmcid": "PMC1"')]));
    expectError(await readError(path), "UNKNOWN_ELEMENT", {
      file: path,
      documentId: "d1",
      jsonPath: "$.documents[0].pmcid",
    });
    expect((await readCollection(path, { unknown: "ignore" })).documents[0]?.id).toBe("d1");
  });

  it("duplicate document ids", async () => {
    const path = file("dup.json", JSON_COLLECTION([JSON_DOC("d1"), JSON_DOC("d1")]));
    expectError(await readError(path), "DUPLICATE_ID", {
      file: path,
      documentId: "d1",
      jsonPath: "$.documents[1].id",
    });
    expectError((await streamError(path)).error, "DUPLICATE_ID", {
      file: path,
      documentId: "d1",
      jsonPath: "$.documents[1].id",
    });
  });

  it("not a BioC collection", async () => {
    const path = file("other.json", '{"hello": "world"}');
    expectError(await readError(path), "MISSING_FIELD", { file: path, jsonPath: "$.documents" });
  });
});

describe("bad XML", () => {
  it("malformed XML: XML_SYNTAX with line:column and document id", async () => {
    const path = file(
      "bad.xml",
      XML_COLLECTION(`${XML_DOC("d1")}\n${XML_DOC("d2").replace("</text>", "</txt>")}`),
    );
    const err = await readError(path);
    expectError(err, "XML_SYNTAX", { file: path, documentId: "d2", line: 5 });
    expect(err.location.column).toBeGreaterThan(1);
    expectError((await streamError(path)).error, "XML_SYNTAX", {
      file: path,
      documentId: "d2",
      line: 5,
    });
  });

  it("truncated XML: TRUNCATED, and the stream does not pass the part off as whole", async () => {
    const src = dataFile("biored", "Train.BioC.XML");
    if (!haveData(src)) return;
    const bytes = readFileSync(src);
    const path = file("half.xml", bytes.subarray(0, bytes.length >> 1));
    const err = await readError(path);
    expect(err.code).toBe("TRUNCATED");
    expect(err.location.documentId).toMatch(/^\d+$/);
    expect(err.location.line).toBe(1);
    const streamed = await streamError(path);
    expect(streamed.error.code).toBe("TRUNCATED");
    expect(streamed.docs.length).toBeGreaterThan(100);
    expect(streamed.docs.length).toBeLessThan(400);
  });

  it("wrong values: a non-numeric offset and a negative length", async () => {
    const a = file(
      "off.xml",
      XML_COLLECTION(XML_DOC("d1").replace("<offset>0</offset>", "<offset>zero</offset>")),
    );
    expectError(await readError(a), "INVALID_VALUE", { file: a, documentId: "d1", line: 4 });
    const b = file("len.xml", XML_COLLECTION(XML_DOC("d1").replace('length="2"', 'length="-2"')));
    expectError(await readError(b), "INVALID_VALUE", { file: b, documentId: "d1", line: 4 });
  });

  it("unknown elements fail unless unknown: ignore", async () => {
    const path = file("unk.xml", XML_COLLECTION(XML_DOC("d1", "<note>hi</note>")));
    const err = await readError(path);
    expectError(err, "UNKNOWN_ELEMENT", { file: path, documentId: "d1", line: 4 });
    expect(err.message).toContain("<note>");
    expect(
      (await readCollection(path, { unknown: "ignore" })).documents[0]?.passages[0]?.annotations,
    ).toHaveLength(1);
  });

  it("duplicate document ids", async () => {
    const path = file("dup.xml", XML_COLLECTION(`${XML_DOC("d1")}\n${XML_DOC("d1")}`));
    expectError(await readError(path), "DUPLICATE_ID", { file: path, documentId: "d1", line: 5 });
  });

  it("another XML vocabulary", async () => {
    const path = file("html.xml", "<html><body/></html>");
    expectError(await readError(path), "UNKNOWN_FORMAT", { file: path, line: 1 });
  });
});

describe("strict mode reports every violation with its JSON path", () => {
  it("duplicate annotation ids and nodes that point at nothing", async () => {
    const rel =
      '{"id": "R1", "infons": {}, "nodes": [{"refid": "A1", "role": "x"}, {"refid": "A9", "role": "y"}]}';
    const doc = JSON_DOC(
      "d1",
      `, "annotations": [{"id": "A1", "infons": {}, "text": "a", "locations": []}]`,
    ).replace('"relations": []}],', `"relations": [${rel}]}],`);
    const path = file("strict.json", JSON_COLLECTION([doc]));
    expect((await readCollection(path)).documents).toHaveLength(1); // lenient reading accepts it
    const err = await readError(path, { strict: true });
    expect(err).toBeInstanceOf(BioCValidationError);
    expect(err.code).toBe("SCHEMA_VIOLATION");
    const v = (err as BioCValidationError).violations;
    expect(v.map((x) => [x.code, x.jsonPath, x.documentId])).toEqual([
      ["DUPLICATE_ID", "$.documents[0].annotations[0].id", "d1"],
      ["DANGLING_REFERENCE", "$.documents[0].passages[0].relations[0].nodes[1].refid", "d1"],
    ]);
  });

  it("BioRED's JSON breaks the schema in the places the corpus README lists", async () => {
    const path = dataFile("biored", "Dev.BioC.JSON");
    if (!haveData(path)) return;
    const err = (await readError(path, { strict: true })) as BioCValidationError;
    const kinds = new Set(err.violations.map((v) => v.jsonPath.replace(/\[\d+\]/g, "[]")));
    expect([...kinds].sort()).toEqual([
      "$.documents[].infons",
      "$.documents[].passages[].infons",
      "$.documents[].passages[].relations",
      "$.documents[].passages[].sentences",
      "$.documents[].relations[].nodes",
      "$.infons",
    ]);
    expect(err.violations.every((v) => v.code === "MISSING_FIELD")).toBe(true);
    expect(err.violations.filter((v) => v.jsonPath.endsWith(".nodes"))).toHaveLength(1_162);
    expect(err.violations[0]?.documentId).toBeUndefined(); // $.infons is collection-level
    expect(err.violations[1]?.documentId).toBe("14510914");
  });

  it("the official fixtures' made-up dangling refids are caught in XML too", async () => {
    const path = dataFile("fixtures", "ncbi-bioc-json/xml/everything.xml");
    if (!haveData(path)) return;
    const err = (await readError(path, { strict: true })) as BioCValidationError;
    // the fixture's annotation text is also not the passage text at its offset
    expect(err.violations.map((v) => [v.code, v.jsonPath])).toEqual([
      ["DANGLING_REFERENCE", "$.documents[0].relations[0].nodes[0].refid"],
      ["TEXT_MISMATCH", "$.documents[0].passages[0].annotations[0]"],
    ]);
  });
});

describe("empty, binary, other", () => {
  it("a 0-byte file", async () => {
    const path = file("zero.json", "");
    expectError(await readError(path), "EMPTY_INPUT", { file: path });
    expectError((await streamError(path)).error, "EMPTY_INPUT", { file: path });
  });

  it("a file of whitespace", async () => {
    const path = file("ws.xml", "\n  \n");
    expect((await readError(path)).code).toBe("EMPTY_INPUT");
    expect((await streamError(path)).error.code).toBe("EMPTY_INPUT");
  });

  it("binary junk", async () => {
    let seed = 12345;
    const junk = Buffer.from(
      Array.from({ length: 2048 }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed & 0xff;
      }),
    );
    const path = file("junk.bin", junk);
    expect((await readError(path)).code).toBe("BINARY_INPUT");
    expect((await streamError(path)).error.code).toBe("BINARY_INPUT");
  });

  it("a missing file", async () => {
    const path = join(dir, "does-not-exist.json");
    expect((await readError(path)).code).toBe("IO_ERROR");
    expect((await streamError(path)).error.code).toBe("IO_ERROR");
  });

  it("PubTator with a broken line", async () => {
    const path = file(
      "bad.pubtator",
      "1|t|Title\n1|a|Abstract\n1\t0\t5\tTitle\tX\tID\n1\tjunk\n\n",
    );
    const strict = { strict: true };
    expectError(await readError(path, strict), "PUBTATOR_SYNTAX", {
      file: path,
      documentId: "1",
      line: 4,
    });
    expectError((await streamError(path, strict)).error, "PUBTATOR_SYNTAX", {
      file: path,
      documentId: "1",
      line: 4,
    });
    // lenient: the line is skipped and reported, never read as something else
    const warnings: BioCWarning[] = [];
    const c = await readCollection(path, { onWarning: (w) => warnings.push(w) });
    expect(c.documents[0]?.relations).toEqual([]);
    expect(warnings.map((w) => [w.code, w.location.line])).toEqual([["PUBTATOR_LINE_SKIPPED", 4]]);
  });
});

describe("strict streaming", () => {
  it("reports a dangling node refid with the document's index in the path", async () => {
    const rel = '{"id": "R1", "infons": {}, "nodes": [{"refid": "A9", "role": "y"}]}';
    const bad = JSON_DOC("d2").replace('"relations": []}],', `"relations": [${rel}]}],`);
    const path = file("strict-stream.json", JSON_COLLECTION([JSON_DOC("d1"), bad]));
    const docs: string[] = [];
    const err = await (async () => {
      try {
        for await (const d of streamDocuments(path, { strict: true })) docs.push(d.id);
      } catch (e) {
        return e as BioCValidationError;
      }
    })();
    expect(err).toBeInstanceOf(BioCValidationError);
    expect(docs).toEqual(["d1"]);
    expect(err?.violations.map((v) => [v.code, v.jsonPath, v.documentId])).toEqual([
      ["DANGLING_REFERENCE", "$.documents[1].passages[0].relations[0].nodes[0].refid", "d2"],
    ]);
  });
});

describe("strict streaming of JSON checks the layout per document", () => {
  it("a missing infons object is reported with its path, like eager strict reading", async () => {
    const bad = JSON_DOC("d2").replace('"infons": {}, "passages"', '"passages"');
    const path = file("strict-layout.json", JSON_COLLECTION([JSON_DOC("d1"), bad]));
    const eager = (await readError(path, { strict: true })) as BioCValidationError;
    let streamed: BioCValidationError | undefined;
    try {
      for await (const _ of streamDocuments(path, { strict: true })) {
      }
    } catch (e) {
      streamed = e as BioCValidationError;
    }
    expect(streamed).toBeInstanceOf(BioCValidationError);
    expect(streamed?.violations).toEqual(eager.violations);
    expect(eager.violations.map((v) => [v.code, v.jsonPath, v.documentId])).toEqual([
      ["MISSING_FIELD", "$.documents[1].infons", "d2"],
    ]);
  });
});
