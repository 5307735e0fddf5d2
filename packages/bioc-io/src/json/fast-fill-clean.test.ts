import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReadContext } from "../context.js";
import type { BioCCollection, BioCDocument, BioCPassage } from "../model.js";
import { parseCollection } from "../read.js";
import { annotation, mention, randomDocument } from "../testing/random-document.js";
import { type BioCValidationError, validateDocuments } from "../validate.js";
import type { BioCWarning } from "../warnings.js";
import { fillDocumentsFast } from "./fast-fill.js";

// The JSON fast path proves documents clean in the same walk that fills them
// in (ids and text as each annotation is filled, concepts in the infons loop,
// references at the end, a whole-document check when a passage with
// sentences has annotations of its own). It must name as unclean exactly the
// documents the full rules fault, and the reader then checks only those,
// reporting what checking all of them reported, in the same order.

const SEED = Number(process.env.FC_SEED ?? 20261201);

/** The indices of the documents validateDocuments faults, one document at a time. */
function faulted(documents: readonly BioCDocument[]): number[] {
  const out: number[] = [];
  documents.forEach((d, i) => {
    if (validateDocuments([d]).length > 0) out.push(i);
  });
  return out;
}

/** Removes empty optional fields (as many real files do) where `drop` says so, leaving the fill to add them back. */
function thin(value: unknown, drop: () => boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => thin(v, drop));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const empty =
      (Array.isArray(v) && v.length === 0) ||
      (k === "infons" && Object.keys(v as object).length === 0);
    if (empty && k !== "passages" && drop()) continue;
    out[k] = thin(v, drop);
  }
  return out;
}

function collectionText(documents: BioCDocument[], dropBits: number): string {
  let bit = 0;
  const drop = () => ((dropBits >> (bit++ % 30)) & 1) === 1;
  const c = { source: "s", date: "", key: "", infons: {}, documents };
  return JSON.stringify(thin(c, drop));
}

/** A random document whose second passage (split into a sentence) may also have annotations of its own. */
const documentWithLateAnnotations = fc
  .tuple(randomDocument, fc.array(fc.tuple(mention, fc.boolean()), { maxLength: 2 }))
  .map(([d, late]) => {
    const second = d.passages[1] as BioCPassage;
    // offsets in the sentence (+100) or in the first passage: looked up by offset
    second.annotations = late.map(([a, inSentence]) =>
      inSentence
        ? { ...a, locations: a.locations.map((l) => ({ ...l, offset: l.offset + 100 })) }
        : a,
    );
    // the fast path gives up on a negative offset (the field-by-field path reports it)
    for (const p of d.passages)
      for (const list of [p.annotations, ...p.sentences.map((s) => s.annotations)])
        for (const a of list) for (const l of a.locations) l.offset = Math.max(0, l.offset);
    for (const a of d.annotations) for (const l of a.locations) l.offset = Math.max(0, l.offset);
    return d;
  });

const collection = fc
  .tuple(fc.array(documentWithLateAnnotations, { minLength: 1, maxLength: 5 }), fc.nat())
  .map(([docs, dropBits]) => {
    const documents = docs.map((d, i) => ({ ...d, id: `d${i}` }));
    // strict reading refuses missing fields, so it reads the documents unthinned
    return {
      documents,
      text: collectionText(documents, dropBits),
      full: collectionText(documents, 0),
    };
  });

describe("the fast path's clean proof", () => {
  it("names as unclean exactly the documents the full rules fault (1,500 random collections)", () => {
    let clean = 0;
    let unclean = 0;
    let deferred = 0;
    fc.assert(
      fc.property(collection, ({ text }) => {
        const value = JSON.parse(text) as { documents: unknown[] };
        const filled = fillDocumentsFast(value.documents, new ReadContext("f"));
        if (filled === undefined) return false;
        const expected = faulted(filled.documents);
        clean += filled.documents.length - expected.length;
        unclean += expected.length;
        if (filled.documents.some((d) => (d.passages[1]?.annotations.length ?? 0) > 0)) deferred++;
        expect(filled.unclean).toEqual(expected);
        return true;
      }),
      { seed: SEED, numRuns: 1500 },
    );
    // both verdicts and the whole-document check were exercised
    expect(clean).toBeGreaterThan(200);
    expect(unclean).toBeGreaterThan(1000);
    expect(deferred).toBeGreaterThan(300);
  });

  it("reads random collections with the warnings and strict errors of checking every document", () => {
    fc.assert(
      fc.property(collection, ({ text, full }) => {
        const warnings: BioCWarning[] = [];
        const read = parseCollection(text, { onWarning: (w) => warnings.push(w) });
        const expected = validateDocuments(read.documents).filter(
          (v) => v.code !== "MISSING_FIELD",
        );
        expect(warnings.map((w) => [w.code, w.location.jsonPath, w.message])).toEqual(
          expected.map((v) => [v.code, v.jsonPath, v.message]),
        );
        let error: unknown;
        try {
          parseCollection(full, { strict: true });
        } catch (e) {
          error = e;
        }
        const all = validateDocuments(read.documents);
        if (all.length === 0) expect(error).toBeUndefined();
        else expect((error as BioCValidationError).violations).toEqual(all);
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });
});

describe("the fast path's clean proof on fixed documents", () => {
  const text = "p53 binds MDM2";
  /** A passage split into a sentence, with an annotation of its own found through its offset. */
  function withSentences(ownText: string, offset: number): BioCDocument {
    return {
      id: "d",
      infons: {},
      passages: [
        {
          offset: 0,
          infons: {},
          sentences: [{ offset: 0, infons: {}, text, annotations: [], relations: [] }],
          annotations: [annotation("a1", offset, ownText)],
          relations: [],
        },
        // a later passage: not yet filled in when the first one's annotation is met
        { offset: 20, infons: {}, text: "MDM2", sentences: [], annotations: [], relations: [] },
      ],
      annotations: [],
      relations: [{ id: "r1", infons: {}, nodes: [{ refid: "a1", role: "" }] }],
    };
  }

  const fill = (docs: BioCDocument[]) =>
    fillDocumentsFast(
      (JSON.parse(JSON.stringify({ documents: docs })) as { documents: unknown[] }).documents,
      new ReadContext("f"),
    );

  it("checks a passage-level annotation of a passage with sentences once the document is complete", () => {
    expect(fill([withSentences("p53", 0)])?.unclean).toEqual([]);
    expect(fill([withSentences("MDM2", 20)])?.unclean).toEqual([]); // text in the later passage
    expect(fill([withSentences("MDM3", 20)])?.unclean).toEqual([0]);
  });

  it("looks a document-level annotation up in passages that are all filled in", () => {
    const d = withSentences("p53", 0);
    d.annotations = [annotation("a2", 20, "MDM2")];
    expect(fill([d])?.unclean).toEqual([]);
    (d.annotations[0] as { text: string }).text = "MDM";
    expect(fill([d])?.unclean).toEqual([0]);
  });

  it("collects concepts for a relation whose nodes are missing, not only empty", () => {
    const doc = (entity: string) =>
      `{"id":"d","passages":[{"offset":0,"text":"p53","annotations":[{"id":"a","infons":{"identifier":"7157"},"text":"p53","locations":[{"offset":0,"length":3}]}]}],"relations":[{"id":"r","infons":{"entity1":"7157","entity2":"${entity}"}}]}`;
    const read = (entity: string) =>
      fillDocumentsFast(
        (JSON.parse(`{"documents":[${doc(entity)}]}`) as { documents: unknown[] }).documents,
        new ReadContext("f"),
      )?.unclean;
    expect(read("7157")).toEqual([]);
    expect(read("9999")).toEqual([0]);
  });

  it("reports only the faulted documents, first, middle and last, in document order", () => {
    const good = (i: number) => ({ ...withSentences("p53", 0), id: `g${i}` });
    const bad = (i: number) => ({ ...withSentences("MDM3", 20), id: `b${i}` });
    const documents = [bad(0), good(1), bad(2), good(3), bad(4)];
    const c: BioCCollection = { source: "", date: "", key: "", infons: {}, documents };
    const warnings: BioCWarning[] = [];
    parseCollection(JSON.stringify(c), { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.location.jsonPath)).toEqual([
      "$.documents[0].passages[0].annotations[0]",
      "$.documents[2].passages[0].annotations[0]",
      "$.documents[4].passages[0].annotations[0]",
    ]);
  });
});
