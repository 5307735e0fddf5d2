import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReadContext } from "../context.js";
import { parseCollection } from "../read.js";
import { DistinctIds, hashId } from "./distinct-ids.js";
import { fillDocumentsFast } from "./fast-fill.js";

// The fast path refuses a repeated document id with this table instead of a
// Set: it must answer as a Set does for any list of ids.

/** What a Set says of each add: true for an id not seen before. */
function setAnswers(ids: string[]): boolean[] {
  const seen = new Set<string>();
  return ids.map((id) => {
    const before = seen.size;
    seen.add(id);
    return seen.size > before;
  });
}

function tableAnswers(ids: string[]): boolean[] {
  const table = new DistinctIds(ids.length);
  return ids.map((id) => table.add(id));
}

describe("DistinctIds", () => {
  it("answers as a Set on generated ids with repeats (short, long, shared prefixes and suffixes)", () => {
    const id = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.nat(99_999_999).map(String),
      fc.string({ minLength: 17, maxLength: 40 }),
      fc.nat(30).map((n) => `doc-${"x".repeat(n)}-train`),
      fc.nat(30).map((n) => `${"p".repeat(20)}${n}${"s".repeat(9)}`),
    );
    fc.assert(
      fc.property(fc.array(id, { maxLength: 200 }), fc.nat(), (ids, pick) => {
        // a repeat of an earlier id, built anew so that it is not the same string object
        const withRepeat =
          ids.length > 0 ? [...ids, `${ids[pick % ids.length]}#`.slice(0, -1)] : ids;
        expect(tableAnswers(withRepeat)).toEqual(setAnswers(withRepeat));
      }),
      { numRuns: 500, seed: 15 },
    );
  });

  it("holds as many ids as it was made for, all distinct, and refuses each again", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => String(10_000_000 + i * 7));
    const table = new DistinctIds(ids.length);
    expect(ids.every((id) => table.add(id))).toBe(true);
    expect(ids.some((id) => table.add(`${id} `.trim()))).toBe(false);
    expect(new DistinctIds(0).add("")).toBe(true);
  });

  it("hashes every character, so ids that differ only in their middle spread over the table", () => {
    // (with a hash of the ends alone these all met in one slot: n^2/2 probes)
    for (const mid of [
      (i: number) => String(i).padStart(6, "0"),
      (i: number) => "x".repeat(i % 40) + i,
    ]) {
      const ids = Array.from({ length: 2000 }, (_, i) => `corpus_2024_${mid(i)}_abstract_v2`);
      expect(new Set(ids.map(hashId)).size).toBe(ids.length);
      const table = new DistinctIds(ids.length);
      expect(ids.every((id) => table.add(id))).toBe(true);
      expect(ids.some((id) => table.add(`${id} `.trim()))).toBe(false);
    }
    // odd and even lengths: the last character of an odd one counts too
    expect(hashId("abc")).not.toBe(hashId("abd"));
    expect(hashId("a")).not.toBe(hashId("b"));
  });
});

describe("the fast path's repeated-id refusal", () => {
  const doc = (id: string) => ({ id, passages: [] });

  it("gives up on a repeated id anywhere among many documents, and reads the rest", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => String(20_000_000 + i));
    expect(fillDocumentsFast(ids.map(doc), new ReadContext("x"))).toBeDefined();
    for (const [a, b] of [
      [0, 2999],
      [1500, 1501],
      [2999, 7],
    ] as const) {
      const withRepeat = [...ids];
      withRepeat[b] = `${ids[a]}`;
      expect(fillDocumentsFast(withRepeat.map(doc), new ReadContext("x"))).toBeUndefined();
    }
  });

  it("so the reader still reports the repeated id with its place", () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({ id: String(i), passages: [] }));
    docs[40] = { id: "7", passages: [] };
    const text = JSON.stringify({ source: "", date: "", key: "", infons: {}, documents: docs });
    expect(() => parseCollection(text)).toThrow(
      expect.objectContaining({
        code: "DUPLICATE_ID",
        location: expect.objectContaining({ jsonPath: "$.documents[40].id", documentId: "7" }),
      }),
    );
  });
});
