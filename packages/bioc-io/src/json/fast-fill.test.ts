import { describe, expect, it } from "vitest";
import { ReadContext } from "../context.js";
import { carefulRead, readerRead } from "../testing/read-both-ways.js";
import { fillDocumentsFast } from "./fast-fill.js";

// Reading (fast path first) must give exactly what from-json's field-by-field
// code gives: the same completed objects (key order included, since writers
// follow it) and the same first error.

const location = { offset: 0, length: 3 };
const annotation = {
  id: "a1",
  infons: { type: "Gene", identifier: "7157" },
  text: "p53",
  locations: [location],
};
const relation = { id: "r1", infons: { type: "Bind" }, nodes: [{ refid: "a1", role: "x" }] };
const passage = {
  offset: 0,
  infons: { type: "title" },
  text: "p53 binds",
  annotations: [annotation],
  relations: [relation],
};

/** Documents the fast path completes itself. */
const usual: Record<string, unknown> = {
  complete: {
    id: "1",
    infons: {},
    passages: [{ ...passage, sentences: [] }],
    annotations: [],
    relations: [],
  },
  "missing optional fields": {
    id: "2",
    passages: [{ offset: 0, text: "x", annotations: [{ locations: [{ offset: 0, length: 1 }] }] }],
  },
  "relation without id, infons and nodes": { id: "3", passages: [], relations: [{}] },
  "node without role": { id: "4", passages: [], relations: [{ id: "r", nodes: [{ refid: "r" }] }] },
  "passage with sentences and empty text": {
    id: "5",
    passages: [{ offset: 0, text: "", sentences: [{ offset: 0, text: "s", annotations: [] }] }],
  },
  "passage without text": { id: "6", passages: [{ offset: 0 }] },
};

/** Documents the fast path hands to the field-by-field path. */
const unusual: Record<string, unknown> = {
  "passage text null": { id: "6", passages: [{ offset: 0, text: null }] },
  "infons null": { id: "7", infons: null, passages: [{ offset: 0, infons: null, text: "t" }] },
  "arrays null": { id: "8", passages: null, annotations: null, relations: null },
  "string offset": { id: "11", passages: [{ ...passage, offset: "0" }] },
  "negative length": {
    id: "12",
    passages: [
      { ...passage, annotations: [{ ...annotation, locations: [{ offset: 0, length: -1 }] }] },
    ],
  },
  "number infon": { id: "13", passages: [{ ...passage, infons: { type: 1 } }] },
  "missing refid": { id: "14", passages: [], relations: [{ id: "r", nodes: [{ role: "x" }] }] },
  "missing document id": { passages: [] },
  "missing passage offset": { id: "15", passages: [{ text: "t" }] },
  "document is an array": [],
  "annotation is a string": { id: "16", passages: [{ ...passage, annotations: ["a"] }] },
};

/** Unknown keys: the fast path completes these, and only the key count finds the extra key. */
const unknownKeys: Record<string, unknown> = {
  "unknown key in a location": {
    id: "9",
    passages: [
      {
        ...passage,
        annotations: [{ ...annotation, locations: [{ offset: 0, length: 3, x: 1 }] }],
      },
    ],
  },
  "unknown key in a passage": { id: "10", passages: [{ ...passage, extra: { a: 1 } }] },
  "__proto__ key in a node": {
    id: "17",
    passages: [passage],
    relations: [{ id: "r2", nodes: [JSON.parse('{"refid":"a1","__proto__":"x"}')] }],
  },
};

function textOf(doc: unknown): string {
  return JSON.stringify({ source: "s", documents: [doc] });
}

describe("fast-fill", () => {
  for (const [name, doc] of Object.entries(usual))
    it(`completes ${name} itself`, () => {
      const value = JSON.parse(textOf(doc)) as { documents: unknown[] };
      expect(fillDocumentsFast(value.documents, new ReadContext("f"))).toBeDefined();
    });

  for (const [name, doc] of Object.entries(unusual))
    it(`gives up on ${name}`, () => {
      const value = JSON.parse(textOf(doc)) as { documents: unknown[] };
      expect(fillDocumentsFast(value.documents, new ReadContext("f"))).toBeUndefined();
    });

  it("gives up on a repeated document id", () => {
    const value = { documents: [{ id: "1" }, { id: "1" }] };
    expect(fillDocumentsFast(value.documents, new ReadContext("f"))).toBeUndefined();
  });

  const all = { ...usual, ...unusual, ...unknownKeys };
  for (const unknown of ["error", "ignore"] as const)
    for (const [name, doc] of Object.entries(all))
      it(`reads ${name} as the field-by-field path does (unknown: ${unknown})`, () => {
        const text = textOf(doc);
        expect(readerRead(text, unknown)).toEqual(carefulRead(text, unknown));
      });

  it("finds an unknown key by the key count and names it", () => {
    const result = readerRead(textOf(unknownKeys["unknown key in a passage"]), "error");
    expect(result[0]).toBe("UNKNOWN_ELEMENT");
    expect(result[2]).toContain("$.documents[0].passages[0]");
  });
});
