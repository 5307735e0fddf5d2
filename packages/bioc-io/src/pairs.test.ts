import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import type { BioCCollection } from "./model.js";
import { readCollection } from "./read.js";

// The same collection read from XML and from JSON gives deep-equal models.

type Corpus = "biored" | "cdr" | "bc6pm" | "fixtures";
const PAIRS: [Corpus, string, string][] = [
  ["fixtures", "ncbi-bioc-json/json/abbr.json", "ncbi-bioc-json/xml/abbr.xml"],
  ["fixtures", "ncbi-bioc-json/json/collection.json", "ncbi-bioc-json/xml/collection.xml"],
  ["fixtures", "ncbi-bioc-json/json/everything.json", "ncbi-bioc-json/xml/everything.xml"],
  [
    "fixtures",
    "ncbi-bioc-json/json/everything-sentence.json",
    "ncbi-bioc-json/xml/everything-sentence.xml",
  ],
  ["fixtures", "bionlplab-bioc/everything.json", "bionlplab-bioc/everything.xml"],
  ["bc6pm", "PMtask_Relations_TrainingSet.json", "PMtask_Relations_TrainingSet.xml"],
  ["bc6pm", "PMtask_Relations_TestSet.json", "PMtask_Relations_TestSet.xml"],
  ["bc6pm", "PMtask_Relations_sample.json", "PMtask_Relations_sample.xml"],
  ["bc6pm", "PMtask_Triage_TrainingSet.json", "PMtask_Triage_TrainingSet.xml"],
  ["bc6pm", "PMtask_Triage_TestSet.json", "PMtask_Triage_TestSet.xml"],
  ["bc6pm", "PMtask_Triage_sample.json", "PMtask_Triage_sample.xml"],
];

/** BioRED's JSON has no passage infons; its XML has `type: title|abstract`. */
function withoutPassageInfons(c: BioCCollection): BioCCollection {
  return {
    ...c,
    documents: c.documents.map((d) => ({
      ...d,
      passages: d.passages.map((p) => ({ ...p, infons: {} })),
    })),
  };
}

describe("XML and JSON of the same collection read to deep-equal models", () => {
  for (const [corpus, json, xml] of PAIRS) {
    it(`${corpus}: ${json} == ${xml}`, async () => {
      const jsonPath = dataFile(corpus, json);
      const xmlPath = dataFile(corpus, xml);
      if (!haveData(jsonPath, xmlPath)) return;
      const fromJson = await readCollection(jsonPath);
      const fromXml = await readCollection(xmlPath);
      expect(fromXml).toEqual(fromJson);
      expect(fromJson.documents.length).toBeGreaterThan(0);
    });
  }

  it("v1 and v2 XML of bionlplab's everything differ only in version", async () => {
    const v1 = dataFile("fixtures", "bionlplab-bioc/everything.xml");
    const v2 = dataFile("fixtures", "bionlplab-bioc/everything_v2.xml");
    if (!haveData(v1, v2)) return;
    const a = await readCollection(v1);
    const { version, ...b } = await readCollection(v2);
    expect(version).toBe("2.0");
    expect(b).toEqual(a);
  });

  it("BioRED Dev: JSON equals XML once the passage infons JSON lacks are set aside", async () => {
    const jsonPath = dataFile("biored", "Dev.BioC.JSON");
    const xmlPath = dataFile("biored", "Dev.BioC.XML");
    if (!haveData(jsonPath, xmlPath)) return;
    const fromJson = await readCollection(jsonPath);
    const fromXml = await readCollection(xmlPath);
    expect(
      fromJson.documents.every((d) => d.passages.every((p) => Object.keys(p.infons).length === 0)),
    ).toBe(true);
    expect(fromXml.documents[0]?.passages.map((p) => p.infons.type)).toEqual(["title", "abstract"]);
    expect(withoutPassageInfons(fromXml)).toEqual(fromJson);
  });
});
