import { join } from "node:path";
import type { BioCDocument } from "@biore/bioc-io";
import { type EncodedDocument, buildDataset } from "@biore/relation-dataset";
import { describe, expect, it } from "vitest";
import { encodeWithWordPieces, markerIds, withEntityMarkers } from "./encode-documents.js";
import { insertEntityMarkers } from "./markers.js";
import { readWordPieceTokenizer } from "./tokenizer.js";

const TINY = join(import.meta.dirname, "../../../test/fixtures/tiny-bert");

/** A one-passage BioC document whose annotations are found by searching their text. */
function documentOf(
  id: string,
  text: string,
  mentions: [string, string, string][],
  relations: Record<string, string>[],
): BioCDocument {
  return {
    id,
    infons: {},
    annotations: [],
    relations: relations.map((infons, i) => ({ id: `R${i}`, infons, nodes: [] })),
    passages: [
      {
        offset: 0,
        infons: { type: "abstract" },
        text,
        sentences: [],
        relations: [],
        annotations: mentions.map(([mention, type, identifier], i) => {
          const at = text.indexOf(mention);
          if (at < 0) throw new Error(mention);
          return {
            id: String(i),
            infons: { type, identifier },
            text: mention,
            locations: [{ offset: at, length: mention.length }],
          };
        }),
      },
    ],
  };
}

const DOC = documentOf(
  "d1",
  "TNF-α induced IL-6 expression in p53-deficient cells. Aspirin reduced TNF-α toxicity in rats.",
  [
    ["TNF-α", "Gene", "7124"],
    ["IL-6", "Gene", "3569"],
    ["p53", "Gene", "7157"],
    ["Aspirin", "Chemical", "D001241"],
    ["toxicity", "Disease", "D064420"],
  ],
  [
    { entity1: "7124", entity2: "3569", type: "Positive_Correlation", novel: "Novel" },
    { entity1: "D001241", entity2: "D064420", type: "Negative_Correlation", novel: "No" },
  ],
);

describe("encodeWithWordPieces", () => {
  const base = readWordPieceTokenizer(TINY);
  const reference = buildDataset([DOC]);
  const tokenizer = withEntityMarkers(base, reference.entityTypes);
  const options = {
    tokenizer,
    labelSpace: reference.labelSpace,
    entityTypes: reference.entityTypes,
  };

  it("maps every mention's characters to exactly its wordpieces, between its typed markers", () => {
    const [doc] = encodeWithWordPieces([DOC], options).documents as [EncodedDocument];
    const text = DOC.passages[0]!.text ?? "";
    const markers = markerIds(tokenizer, reference.entityTypes);
    const mentions = DOC.passages[0]!.annotations;
    // TNF-α occurs twice; 5 annotations are 5 mentions here (the second TNF-α is unannotated).
    expect(doc.mentionStart.length).toBe(mentions.length);
    for (let k = 0; k < doc.mentionStart.length; k++) {
      const ids = Array.from(doc.tokenIds.subarray(doc.mentionStart[k], doc.mentionEnd[k]));
      const type = doc.conceptTypeIds[doc.mentionConcept[k]!]!;
      const concept = reference.concepts[0]![doc.mentionConcept[k]!]!;
      const loc = mentions.find((a) => a.infons.identifier === concept.identifier)!.locations[0]!;
      const surface = text.slice(loc.offset, loc.offset + loc.length);
      expect(ids).toEqual([markers.start[type], ...base.encodeText(surface), markers.end[type]]);
    }
    // Without markers, the wordpieces are the library's tokenization of the whole text.
    const [plain] = encodeWithWordPieces([DOC], { ...options, markers: false }).documents as [
      EncodedDocument,
    ];
    expect(Array.from(plain.tokenIds)).toEqual(base.encodeText(text));
  });

  it("keeps buildDataset's concepts, candidate pairs, labels and pair features", () => {
    const [doc] = encodeWithWordPieces([DOC], options).documents as [EncodedDocument];
    const ref = reference.documents[0]!;
    for (const key of [
      "pairHead",
      "pairTail",
      "labelIds",
      "novelIds",
      "pairFeatures",
      "conceptTypeIds",
      "mentionConcept",
    ] as const) {
      expect(Array.from(doc[key] ?? [])).toEqual(Array.from(ref[key] ?? []));
    }
    expect(doc.tokenIds.length).toBe(doc.sentenceIds.length);
    expect(Math.max(...doc.tokenIds)).toBeLessThan(tokenizer.vocabSize);
  });
});

describe("insertEntityMarkers", () => {
  it("nests markers of nested mentions and shifts every token-indexed array", () => {
    // tokens 10 11 12 13; mention A = [0, 3) type 1, mention B = [1, 2) type 2 (inside A), C = [3, 4) type 1
    const doc: EncodedDocument = {
      documentId: "x",
      tokenIds: Int32Array.of(10, 11, 12, 13),
      entityTypeIds: Int32Array.of(1, 2, 1, 1),
      sentenceIds: Int32Array.of(0, 0, 0, 1),
      conceptTypeIds: Int32Array.of(1, 2),
      mentionStart: Int32Array.of(0, 1, 3),
      mentionEnd: Int32Array.of(3, 2, 4),
      mentionConcept: Int32Array.of(0, 1, 0),
      pairHead: Int32Array.of(0),
      pairTail: Int32Array.of(1),
      pairFeatures: new Float32Array(0),
      labelIds: Int32Array.of(0),
      novelIds: Int32Array.of(-1),
    };
    const out = insertEntityMarkers(doc, {
      start: Int32Array.of(90, 91, 92),
      end: Int32Array.of(80, 81, 82),
    });
    expect(Array.from(out.tokenIds)).toEqual([91, 10, 92, 11, 82, 12, 81, 91, 13, 81]);
    expect(Array.from(out.mentionStart)).toEqual([0, 2, 7]);
    expect(Array.from(out.mentionEnd)).toEqual([7, 5, 10]);
    expect(Array.from(out.sentenceIds)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(out.tokenCount).toBe(10);
  });
});
