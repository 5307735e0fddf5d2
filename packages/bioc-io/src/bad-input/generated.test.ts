import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { dataFile, haveData } from "@biore/test-data";
import { afterAll, describe, expect, it } from "vitest";
import { createAtomicWriteStream } from "../atomic/write-stream.js";
import { writeFileAtomic } from "../atomic/write-file.js";
import { BioCError, BioreError } from "../errors.js";
import type { BioCCollection, BioCDocument } from "../model.js";
import { parseCollection, readCollection, readCollectionSync } from "../read.js";
import { streamDocuments } from "../stream.js";
import { createCollectionWriter, writeDocuments } from "../stream-writer.js";
import { BioCValidationError } from "../validate.js";
import type { BioCWarning } from "../warnings.js";
import { formatCollection, writeCollection } from "../write.js";
import { baseCollection } from "./base.js";
import {
  type BadCase,
  type Outcome,
  danglingCases,
  randomCases,
  truncationCases,
  wrongTypeCases,
} from "./cases.js";
import {
  duplicateKeyCases,
  encodingCases,
  hugeNumberCases,
  pubTatorShapeCases,
} from "./cases-text.js";

// Generated bad inputs, each read four ways (eager and streaming, lenient and
// strict). An error must be a BioCError (a BioreError) with an UPPER_SNAKE
// code, the file and a position (line, offset or JSON path), on one line; a
// tolerated problem must be counted as a warning, never silent.

const REAL = [
  dataFile("fixtures", "ncbi-bioc-json/json/everything.json"),
  dataFile("fixtures", "ncbi-bioc-json/xml/everything.xml"),
  dataFile("biored", "Dev.BioC.JSON"),
  dataFile("biored", "Dev.BioC.XML"),
  dataFile("biored", "Dev.PubTator"),
];
const real = REAL.filter((f) => haveData(f));

const CASES: BadCase[] = [
  ...truncationCases(real),
  ...randomCases(),
  ...wrongTypeCases(),
  ...danglingCases(),
  ...encodingCases(),
  ...hugeNumberCases(),
  ...duplicateKeyCases(),
  ...pubTatorShapeCases(),
];

const dir = mkdtempSync(join(tmpdir(), "bioc-io-generated-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  error?: unknown;
  collection?: Pick<BioCCollection, "documents">;
  warnings: BioCWarning[];
}

async function eager(path: string, strict: boolean): Promise<Result> {
  const warnings: BioCWarning[] = [];
  try {
    return {
      collection: await readCollection(path, { strict, onWarning: (w) => warnings.push(w) }),
      warnings,
    };
  } catch (error) {
    return { error, warnings };
  }
}

async function streamed(path: string, strict: boolean): Promise<Result> {
  const warnings: BioCWarning[] = [];
  const documents: BioCDocument[] = [];
  try {
    for await (const d of streamDocuments(path, { strict, onWarning: (w) => warnings.push(w) }))
      documents.push(d);
    return { collection: { documents }, warnings };
  } catch (error) {
    return { error, warnings };
  }
}

function expectTypedError(e: unknown, path: string): BioCError {
  expect(e).toBeInstanceOf(BioCError);
  expect(e).toBeInstanceOf(BioreError);
  const err = e as BioCError;
  expect(err.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(err.location.file).toBe(path);
  const { line, offset, jsonPath } = err.location;
  expect(line !== undefined || offset !== undefined || jsonPath !== undefined).toBe(true);
  expect(err.message).not.toContain("\n");
  return err;
}

function codesOf(err: BioCError): string[] {
  return err instanceof BioCValidationError
    ? [err.code, ...err.violations.map((v) => v.code)]
    : [err.code];
}

function expectOutcome(c: BadCase, want: Outcome, r: Result, path: string, how: string): void {
  const label = `${how}: ${r.error instanceof Error ? r.error.message : "read"}`;
  if (want === "error" || (want === "any" && r.error !== undefined)) {
    expect(r.error, label).toBeDefined();
    const err = expectTypedError(r.error, path);
    if (c.codes && want === "error")
      expect(
        codesOf(err).some((k) => c.codes?.includes(k)),
        label,
      ).toBe(true);
    if (c.line !== undefined && how.startsWith("eager") && err.location.line !== undefined)
      expect(err.location.line, label).toBe(c.line);
    return;
  }
  expect(r.error, label).toBeUndefined();
  if (want === "warn") {
    expect(r.warnings.length, label).toBeGreaterThan(0);
    // streaming names a byte offset where eager reading names the line
    if (c.line !== undefined && how.startsWith("eager"))
      expect(
        r.warnings.map((w) => w.location.line),
        label,
      ).toContain(c.line);
  }
  if (want === "ok") expect(r.warnings, label).toEqual([]);
  if (r.collection && c.check) c.check(r.collection as BioCCollection);
}

let n = 0;
describe.each([...new Set(CASES.map((c) => c.category))])("generated bad input: %s", (category) => {
  if (category === "truncation" && real.length < REAL.length)
    it.skip(`real-file truncations: corpus files missing under ../shared/data (${REAL.length - real.length} of ${REAL.length})`, () => {});
  for (const c of CASES.filter((x) => x.category === category))
    it(c.name, async () => {
      const path = join(dir, `${n++}.in`);
      writeFileSync(path, c.bytes);
      expectOutcome(c, c.lenient, await eager(path, false), path, "eager lenient");
      expectOutcome(c, c.strict, await eager(path, true), path, "eager strict");
      expectOutcome(c, c.lenient, await streamed(path, false), path, "streaming lenient");
      expectOutcome(c, c.strict, await streamed(path, true), path, "streaming strict");
    });
});

describe("generated bad input: lone surrogates in a string argument", () => {
  const base = formatCollection(baseCollection(), { format: "json" });
  for (const ch of ["\ud800", "\udfff", "a\udc00b"])
    it(`parseCollection with ${JSON.stringify(ch)} in a text`, () => {
      const text = base.replace("in adults.", `in adults.${ch}`);
      const warnings: BioCWarning[] = [];
      parseCollection(text, { onWarning: (w) => warnings.push(w) });
      expect(warnings.map((w) => w.code)).toContain("LONE_SURROGATE");
      const err = (() => {
        try {
          parseCollection(text, { strict: true });
        } catch (e) {
          return e as BioCError;
        }
      })();
      expect(err?.code).toBe("LONE_SURROGATE");
      expect(err?.location.line).toBe(1);
    });
});

describe("generated bad input: writers refuse numbers they cannot write back", () => {
  for (const bad of [1e23, -5, 1.5, Number.NaN, 2 ** 53])
    for (const format of ["json", "xml", "pubtator"] as const)
      it(`${format}: location offset ${bad}`, () => {
        const c = baseCollection();
        (c.documents[0]?.passages[0]?.annotations[0]?.locations[0] as { offset: number }).offset =
          bad;
        expect(() => formatCollection(c, { format })).toThrow(
          expect.objectContaining({ code: "INVALID_VALUE" }),
        );
      });
});

describe("generated bad input: wrong arguments are INVALID_ARGUMENT, not TypeErrors", () => {
  const values: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["an object", {}],
    ["an array", []],
  ];
  const header = { source: "", date: "", key: "", infons: {} };
  const calls: [string, (v: unknown) => unknown][] = [
    ["readCollection", (v) => readCollection(v as string)],
    ["readCollectionSync", (v) => readCollectionSync(v as string)],
    ["parseCollection", (v) => parseCollection(v as string)],
    ["streamDocuments", (v) => streamDocuments(v as string)],
    ["writeCollection", (v) => writeCollection(v as BioCCollection, join(dir, "w.json"))],
    [
      "createCollectionWriter",
      (v) => createCollectionWriter(v as string, header, { format: "json" }),
    ],
    [
      "writeDocuments",
      (v) =>
        writeDocuments(new Writable({ write: (_c, _e, cb) => cb() }), header, v as BioCDocument[], {
          format: "json",
        }),
    ],
    ["writeFileAtomic", (v) => writeFileAtomic(v as string, "x")],
    ["createAtomicWriteStream", (v) => createAtomicWriteStream(v as string)],
  ];
  // an empty array is a valid (empty) list of documents
  for (const [fn, call] of calls)
    for (const [label, v] of values.filter(([l]) => fn !== "writeDocuments" || l !== "an array"))
      it(`${fn}(${label})`, async () => {
        let error: unknown;
        try {
          await call(v);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(BioCError);
        expect((error as BioCError).code).toMatch(/^(INVALID_ARGUMENT|WRITE_FAILED)$/);
        expect(
          readdirSync(dir).filter((f) => f.startsWith("w.json") || f.endsWith(".tmp")),
        ).toEqual([]);
      });
});
