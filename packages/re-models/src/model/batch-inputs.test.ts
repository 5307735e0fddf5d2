import type { EncodedDocument } from "@biore/relation-dataset";
import type { CsrMatrix } from "@biore/tfjs-kernels";
import { describe, expect, it } from "vitest";
import { type BatchArrays, buildBatchArrays } from "./batch-inputs.js";

/** Row r of a sparse matrix, written out densely. */
function denseRow(matrix: CsrMatrix, r: number): number[] {
  const { shape, rowStarts, columns, values } = matrix;
  const row = new Array<number>(shape[1]).fill(0);
  for (let k = rowStarts[r] as number; k < (rowStarts[r + 1] as number); k++) {
    row[columns[k] as number] = values[k] as number;
  }
  return row;
}

/** Pair p's row of the sparse [P, B*T] between-token weights, written out densely. */
function betweenRow(arrays: BatchArrays, p: number): number[] {
  return denseRow(arrays.pairBetween, p);
}

/** Three sentences of 4 tokens; concept 0 in sentences 0 and 1, concept 1 in 1, concept 2 in 2. */
function document(): EncodedDocument {
  return {
    documentId: "d1",
    tokenIds: Int32Array.from({ length: 12 }, (_, i) => i + 1),
    entityTypeIds: new Int32Array(12),
    sentenceIds: Int32Array.from({ length: 12 }, (_, i) => Math.floor(i / 4)),
    conceptTypeIds: Int32Array.from([1, 2, 1]),
    mentionStart: Int32Array.from([0, 5, 6, 9]),
    mentionEnd: Int32Array.from([1, 6, 8, 10]),
    mentionConcept: Int32Array.from([0, 0, 1, 2]),
    pairHead: Int32Array.from([0, 0, 1]),
    pairTail: Int32Array.from([1, 2, 2]),
    pairFeatures: new Float32Array(0),
    labelIds: new Int32Array(3),
    novelIds: Int32Array.from([-1, -1, -1]),
  };
}

describe("buildBatchArrays: pair sentence context", () => {
  it("averages each sentence's words (entity tokens and padding left out)", () => {
    const doc = document();
    doc.entityTypeIds = Int32Array.from([0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0]);
    const arrays = buildBatchArrays([doc], 3);
    expect(arrays.maxSentences).toBe(3);
    expect(arrays.sentenceWords.shape).toEqual([3, 12]);
    const row = (s: number) => denseRow(arrays.sentenceWords, s);
    expect(row(0)).toEqual([0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(row(1)).toEqual([0, 0, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0, 0]);
    expect(row(2)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25]);
  });

  it("gives a sentence without words no entries, and each batch row its own sentences", () => {
    const doc = document();
    doc.entityTypeIds = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    const longer = { ...document(), documentId: "d2" };
    longer.tokenIds = Int32Array.from({ length: 14 }, (_, i) => i + 1);
    longer.entityTypeIds = new Int32Array(14);
    longer.sentenceIds = Int32Array.from({ length: 14 }, (_, i) => Math.min(2, Math.floor(i / 4)));
    const arrays = buildBatchArrays([doc, longer], 3);
    expect(arrays.sentenceWords.shape).toEqual([6, 28]);
    expect(denseRow(arrays.sentenceWords, 1)).toEqual(new Array(28).fill(0));
    const last = denseRow(arrays.sentenceWords, 5);
    expect(last.slice(14 + 8)).toEqual([1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6].map(Math.fround));
    expect(last.slice(0, 22).every((v) => v === 0)).toBe(true);
  });

  it("weights the shared sentences of a pair, else the sentences of either concept", () => {
    const arrays = buildBatchArrays([document()], 3);
    const weights = (p: number) => denseRow(arrays.pairSentences, p);
    expect(weights(0)).toEqual([0, 1, 0]); // concepts 0 and 1 meet in sentence 1
    expect(weights(1).map((w) => w.toFixed(4))).toEqual(["0.3333", "0.3333", "0.3333"]);
    expect(weights(2)).toEqual([0, 0.5, 0.5]);
  });

  it("indexes sentences per batch row and ignores mentions cut off by truncation", () => {
    const short = { ...document(), documentId: "d2" };
    short.mentionStart = Int32Array.from([0, 5, 6, 40]); // concept 2 truncated away
    short.mentionEnd = Int32Array.from([1, 6, 8, 41]);
    const arrays = buildBatchArrays([document(), short], 3);
    const width = 2 * 3; // B * S
    expect(arrays.pairSentences.shape).toEqual([6, width]);
    const weights = (p: number) => denseRow(arrays.pairSentences, p);
    expect(weights(3)).toEqual([0, 0, 0, 0, 1, 0]); // d2's first pair, row 1
    expect(weights(4)).toEqual([0, 0, 0, 0.5, 0.5, 0]); // only concept 0's sentences remain
  });
});

describe("buildBatchArrays: tokens between a pair's mentions", () => {
  // concept 0: tokens 0 (sentence 0) and 5 (sentence 1); concept 1: tokens 6-7 (sentence 1);
  // concept 2: token 9 (sentence 2).
  it("weights the tokens between mentions that share a sentence, zero otherwise", () => {
    const doc = document();
    doc.mentionStart = Int32Array.from([0, 4, 7, 9]);
    doc.mentionEnd = Int32Array.from([1, 5, 8, 10]);
    const arrays = buildBatchArrays([doc], 3);
    expect(arrays.pairBetween.shape).toEqual([3, 12]);
    const row = (p: number) => betweenRow(arrays, p);
    // mention at 4 and mention at 7 share sentence 1: tokens 5 and 6 lie between
    expect(row(0)).toEqual([0, 0, 0, 0, 0, 0.5, 0.5, 0, 0, 0, 0, 0]);
    expect(row(1)).toEqual(new Array(12).fill(0)); // concepts 0 and 2 never share a sentence
  });

  it("uses the joint span of touching mentions and averages several spans", () => {
    const doc = document();
    // concept 0 at tokens 4 and 6, concept 1 at token 5: two touching pairs in sentence 1
    doc.mentionStart = Int32Array.from([4, 6, 5, 9]);
    doc.mentionEnd = Int32Array.from([5, 7, 6, 10]);
    const arrays = buildBatchArrays([doc], 3);
    const row = betweenRow(arrays, 0);
    expect(row.slice(4, 7).map((w) => w.toFixed(3))).toEqual(["0.250", "0.500", "0.250"]);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it("points each pair at its own document's tokens (columns row * T + token)", () => {
    const doc = document();
    doc.mentionStart = Int32Array.from([0, 4, 7, 9]);
    doc.mentionEnd = Int32Array.from([1, 5, 8, 10]);
    const arrays = buildBatchArrays([doc, { ...doc, documentId: "d2" }], 3);
    expect(arrays.pairBetween.shape).toEqual([6, 2 * 12]);
    expect(betweenRow(arrays, 0).slice(0, 12)).toEqual(betweenRow(arrays, 3).slice(12));
    expect(betweenRow(arrays, 3).slice(0, 12)).toEqual(new Array(12).fill(0));
    expect([...arrays.pairBetween.columns]).toEqual([5, 6, 17, 18]);
  });
});
