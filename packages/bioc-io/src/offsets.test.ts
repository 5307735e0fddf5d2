import { describe, expect, it } from "vitest";
import type { BioCDocument } from "./model.js";
import { checkOffsets } from "./offsets.js";
import { corpusCollection } from "./testing/corpus.js";

// The real corpora are the test: BioRED's offsets are all right; CDR and one
// BC6PM document really do have annotations whose text is not at their offsets
// (counts cross-checked with Python on the same files).

describe("checkOffsets on the real corpora", () => {
  const cases: ["biored" | "cdr" | "bc6pm", string, number][] = [
    ["biored", "Train.BioC.XML", 0],
    ["biored", "Dev.BioC.JSON", 0],
    ["cdr", "CDR_TrainingSet.BioC.xml", 280],
    ["cdr", "CDR_DevelopmentSet.BioC.xml", 194],
    ["bc6pm", "PMtask_Relations_TrainingSet.json", 1],
    ["bc6pm", "PMtask_Relations_TestSet.xml", 0],
  ];
  for (const [corpus, file, expected] of cases) {
    it(`${corpus}/${file}: ${expected} mismatches`, async () => {
      const c = await corpusCollection(corpus, file);
      if (!c) return;
      expect(checkOffsets(c.documents)).toHaveLength(expected);
    });
  }

  it("names the document, annotation and JSON path of a mismatch", async () => {
    const c = await corpusCollection("bc6pm", "PMtask_Relations_TrainingSet.json");
    if (!c) return;
    const [m] = checkOffsets(c.documents);
    expect(m).toEqual({
      documentId: "9488135",
      annotationId: "15",
      jsonPath: "$.documents[136].passages[1].annotations[14]",
      expected: "receptor R2",
      found: ". Crystals ",
      locations: [{ offset: 339, length: 11 }],
    });
  });
});

describe("checkOffsets rules", () => {
  const doc = (
    annotationText: string,
    locations: { offset: number; length: number }[],
  ): BioCDocument => ({
    id: "d",
    infons: {},
    passages: [
      {
        offset: 10,
        infons: {},
        text: "colorectal and breast cancer",
        sentences: [],
        annotations: [{ id: "a", infons: {}, text: annotationText, locations }],
        relations: [],
      },
    ],
    annotations: [],
    relations: [],
  });

  it("accepts matching text, and discontinuous mentions joined by a space", () => {
    expect(checkOffsets([doc("breast", [{ offset: 25, length: 6 }])])).toEqual([]);
    expect(
      checkOffsets([
        doc("colorectal cancer", [
          { offset: 10, length: 10 },
          { offset: 32, length: 6 },
        ]),
      ]),
    ).toEqual([]);
  });

  it("reports shifted offsets and locations outside the passage", () => {
    expect(checkOffsets([doc("breast", [{ offset: 24, length: 6 }])])[0]?.found).toBe(" breas");
    expect(checkOffsets([doc("breast", [{ offset: 100, length: 6 }])])[0]?.found).toBe("");
  });

  it("checks document-level annotations against the passage that covers them", () => {
    const d = doc("breast", [{ offset: 25, length: 6 }]);
    d.annotations.push({
      id: "b",
      infons: {},
      text: "cancer",
      locations: [{ offset: 32, length: 6 }],
    });
    d.annotations.push({
      id: "c",
      infons: {},
      text: "cancer",
      locations: [{ offset: 31, length: 6 }],
    });
    expect(checkOffsets([d]).map((m) => [m.annotationId, m.jsonPath])).toEqual([
      ["c", "$.documents[0].annotations[1]"],
    ]);
  });
});
