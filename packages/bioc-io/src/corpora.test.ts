import { describe, expect, it } from "vitest";
import { type Corpus, corpusCollection } from "./testing/corpus.js";
import { collectionStats } from "./stats.js";

// Every real file in ../shared/data parses, with counts pinned. BioRED's come
// from the corpus README; CDR's and BC6PM's were computed once with this
// reader and cross-checked with Python's xml.etree on the same files.

const CASES: [Corpus, string, number, number, number, number][] = [
  // corpus, file, documents, passages, annotations, relations
  ["biored", "Train.BioC.XML", 400, 800, 13_351, 4_178],
  ["biored", "Dev.BioC.XML", 100, 200, 3_533, 1_162],
  ["biored", "Dev.BioC.JSON", 100, 200, 3_533, 1_162],
  ["cdr", "CDR_TrainingSet.BioC.xml", 500, 1000, 9_570, 1_038],
  ["cdr", "CDR_DevelopmentSet.BioC.xml", 500, 1000, 9_773, 1_012],
  ["bc6pm", "PMtask_Relations_TrainingSet.json", 597, 1194, 8_833, 760],
  ["bc6pm", "PMtask_Relations_TrainingSet.xml", 597, 1194, 8_833, 760],
  ["bc6pm", "PMtask_Relations_TestSet.json", 635, 1270, 1_465, 869],
  ["bc6pm", "PMtask_Relations_TestSet.xml", 635, 1270, 1_465, 869],
  ["bc6pm", "PMtask_Relations_sample.json", 9, 0, 0, 10],
  ["bc6pm", "PMtask_Relations_sample.xml", 9, 0, 0, 10],
  ["bc6pm", "PMtask_Triage_TrainingSet.json", 4_082, 8_162, 0, 0],
  ["bc6pm", "PMtask_Triage_TrainingSet.xml", 4_082, 8_162, 0, 0],
  ["bc6pm", "PMtask_Triage_TestSet.json", 1_427, 2_854, 0, 0],
  ["bc6pm", "PMtask_Triage_TestSet.xml", 1_427, 2_854, 0, 0],
  ["bc6pm", "PMtask_Triage_sample.json", 14, 0, 0, 0],
  ["bc6pm", "PMtask_Triage_sample.xml", 14, 0, 0, 0],
  ["fixtures", "ncbi-bioc-json/json/abbr.json", 10, 19, 18, 9],
  ["fixtures", "ncbi-bioc-json/xml/abbr.xml", 10, 19, 18, 9],
  ["fixtures", "ncbi-bioc-json/json/collection.json", 10, 19, 0, 0],
  ["fixtures", "ncbi-bioc-json/xml/collection.xml", 10, 19, 0, 0],
  ["fixtures", "ncbi-bioc-json/json/everything.json", 1, 1, 1, 2],
  ["fixtures", "ncbi-bioc-json/xml/everything.xml", 1, 1, 1, 2],
  ["fixtures", "ncbi-bioc-json/json/everything-sentence.json", 1, 1, 1, 3],
  ["fixtures", "ncbi-bioc-json/xml/everything-sentence.xml", 1, 1, 1, 3],
  ["fixtures", "bionlplab-bioc/everything.json", 2, 2, 5, 3],
  ["fixtures", "bionlplab-bioc/everything.xml", 2, 2, 5, 3],
  ["fixtures", "bionlplab-bioc/everything_v2.xml", 2, 2, 5, 3],
];

describe("every real file parses with pinned counts", () => {
  for (const [corpus, file, docs, passages, annotations, relations] of CASES) {
    it(`${corpus}/${file}`, async () => {
      const c = await corpusCollection(corpus, file);
      if (!c) return;
      const s = collectionStats(c.documents);
      expect([s.documents, s.passages, s.annotations, s.relations]).toEqual([
        docs,
        passages,
        annotations,
        relations,
      ]);
    });
  }

  it("BioRED Train: entity and relation types as the corpus README lists them", async () => {
    const c = await corpusCollection("biored", "Train.BioC.XML");
    if (!c) return;
    const s = collectionStats(c.documents);
    expect(Object.keys(s.annotationsByType).sort()).toEqual([
      "CellLine",
      "ChemicalEntity",
      "DiseaseOrPhenotypicFeature",
      "GeneOrGeneProduct",
      "OrganismTaxon",
      "SequenceVariant",
    ]);
    expect(Object.keys(s.relationsByType).sort()).toEqual(
      [
        "Association",
        "Bind",
        "Comparison",
        "Conversion",
        "Drug_Interaction",
        "Negative_Correlation",
        "Positive_Correlation",
        "Cotreatment",
      ].sort(),
    );
    expect(Object.keys(s.relationsByNovelty).sort()).toEqual(["No", "Novel"]);
    expect(Object.values(s.relationsByNovelty).reduce((a, b) => a + b, 0)).toBe(4_178);
  });

  it("CDR: every relation is CID and some annotations have several locations", async () => {
    const c = await corpusCollection("cdr", "CDR_TrainingSet.BioC.xml");
    if (!c) return;
    expect(collectionStats(c.documents).relationsByType).toEqual({ CID: 1_038 });
    const multi = c.documents.flatMap((d) =>
      d.passages.flatMap((p) => p.annotations.filter((a) => a.locations.length > 1)),
    );
    expect(multi.length).toBe(73);
    expect(multi.some((a) => a.infons.CompositeRole !== undefined)).toBe(true);
  });
});
