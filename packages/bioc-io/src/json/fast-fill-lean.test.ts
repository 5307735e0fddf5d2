import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReadContext } from "../context.js";
import { carefulRead, readerRead } from "../testing/read-both-ways.js";
import { fillDocumentsFast } from "./fast-fill.js";
import { parsedKeyCount } from "./key-count.js";

// The fast fill's shortcuts for passages (and documents) with nothing in
// their lists (BC6PM Triage): every field of generated passages and
// documents is drawn from values the shortcut takes, values next to them
// that it must leave to the full walk (missing, null, the wrong type, a
// non-empty list, an unknown key), so that any mix reads exactly as the
// field-by-field path reads it (the same objects or the same first error),
// and a completed fill counts exactly the properties JSON.parse made (the
// duplicate-key proof compares that count with the text's).

const SEED = Number(process.env.FC_SEED ?? 20261201);
const MISSING = Symbol("missing");

/**
 * A field's value: one the shortcut takes (`good`, 6 in 7) or one next to
 * it that it must leave to the full walk (`bad`); MISSING leaves it out.
 */
const field = (good: unknown[], bad: unknown[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...good), weight: 6 },
    { arbitrary: fc.constantFrom(...bad), weight: 1 },
  );

const location = { offset: 0, length: 3 };
const annotation = { id: "a1", infons: { type: "Gene" }, text: "abc", locations: [location] };
const relation = { id: "r1", infons: { type: "Bind" }, nodes: [{ refid: "a1", role: "x" }] };

/** A list field: what the shortcut takes ([]), and what it must not. */
const list = (item: unknown) => field([[]], [MISSING, null, "x", [item]]);
/** An unknown key, now and then. */
const extra = field([MISSING], [1]);

const passage = fc.record({
  offset: field([0, 7], [MISSING, -1, "0", 1.5]),
  infons: field(
    [{ type: "title" }, { type: "abstract", x: "y" }],
    [{}, MISSING, null, { type: 1 }],
  ),
  text: field(["abc", ""], [MISSING, null, 5]),
  sentences: list({ offset: 0, text: "abc", annotations: [annotation] }),
  annotations: list(annotation),
  relations: list(relation),
  extra,
});

const documentValue = fc.record({
  id: field(["d"], [MISSING, 5]),
  infons: field([{ relevant: "no" }, MISSING], [{}, null, { relevant: 0 }]),
  passages: fc.oneof(
    { arbitrary: fc.array(passage, { maxLength: 3 }), weight: 6 },
    { arbitrary: fc.constantFrom(MISSING, null), weight: 1 },
  ),
  annotations: field([[], MISSING], [null, [annotation]]),
  relations: field([[], MISSING], [null, [relation]]),
  extra,
});

/** The generated record as JSON would hold it: MISSING fields left out. */
function present(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(present);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== MISSING) out[k] = present(v);
  return out;
}

const isEmpty = (v: unknown) => Array.isArray(v) && v.length === 0;

/** A generated document with passages, all with text, infons and nothing in any list. */
function emptyListsOnly(doc: Record<string, unknown>): boolean {
  const passages = doc.passages;
  return (
    Array.isArray(passages) &&
    passages.length > 0 &&
    passages.every(
      (p: Record<string, unknown>) =>
        typeof p.text === "string" &&
        typeof p.infons === "object" &&
        p.infons !== null &&
        Object.keys(p.infons).length > 0 &&
        isEmpty(p.sentences) &&
        isEmpty(p.annotations) &&
        isEmpty(p.relations),
    ) &&
    (doc.annotations === MISSING || isEmpty(doc.annotations)) &&
    (doc.relations === MISSING || isEmpty(doc.relations))
  );
}

function textOf(doc: unknown): string {
  return JSON.stringify({ source: "s", date: "", key: "", infons: {}, documents: [present(doc)] });
}

describe("the fast fill's shortcut for passages and documents with empty lists", () => {
  it("reads any mix of taken and refused fields as the field-by-field path does", () => {
    fc.assert(
      fc.property(documentValue, (doc) => {
        const text = textOf(doc);
        for (const unknown of ["error", "ignore"] as const)
          expect(readerRead(text, unknown)).toEqual(carefulRead(text, unknown));
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it("counts exactly the known properties JSON.parse made in every document it completes", () => {
    let completed = 0;
    let short = 0;
    fc.assert(
      fc.property(fc.array(documentValue, { minLength: 1, maxLength: 4 }), (docs) => {
        const documents = docs.map((d, i) => ({ ...(present(d) as object), id: `d${i}` }));
        const parsed = JSON.parse(JSON.stringify(documents)) as unknown[];
        const before = parsedKeyCount(parsed);
        const ctx = new ReadContext("x");
        if (fillDocumentsFast(parsed, ctx) === undefined) return;
        completed++;
        short += docs.filter(emptyListsOnly).length;
        // (an unknown key is the one property it does not count: that is how the proof finds it)
        const unknownKeys = JSON.stringify(documents).split('"extra":').length - 1;
        expect(ctx.jsonKeys).toBe(before - unknownKeys);
      }),
      { numRuns: 3000, seed: SEED },
    );
    // both kinds were met: documents the fill completed, some of them all empty lists
    expect(completed).toBeGreaterThan(300);
    expect(short).toBeGreaterThan(30);
  });

  it("completes Triage-like documents, adding only the missing lists", () => {
    const doc = {
      passages: [
        {
          text: "t",
          offset: 0,
          relations: [],
          infons: { type: "title" },
          sentences: [],
          annotations: [],
        },
        {
          text: "a",
          offset: 2,
          relations: [],
          infons: { type: "abstract" },
          sentences: [],
          annotations: [],
        },
      ],
      infons: { relevant: "no" },
      id: "9685346",
      relations: [],
    };
    const value = JSON.parse(JSON.stringify({ documents: [doc] })) as { documents: unknown[] };
    const ctx = new ReadContext("x");
    expect(fillDocumentsFast(value.documents, ctx)).toBeDefined();
    expect(ctx.jsonKeys).toBe(parsedKeyCount(JSON.parse(JSON.stringify(doc))));
    expect(value.documents[0]).toEqual({ ...doc, annotations: [] });
    expect(Object.keys(value.documents[0] as object)).toEqual([
      "passages",
      "infons",
      "id",
      "relations",
      "annotations",
    ]);
  });
});
