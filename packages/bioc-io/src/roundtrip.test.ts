import { readFileSync } from "node:fs";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import type { BioCCollection } from "./model.js";
import { type Corpus, corpusCollection } from "./testing/corpus.js";
import { bioCToPubTator, pubTatorToBioC } from "./pubtator/convert.js";
import { formatPubTator } from "./pubtator/format.js";
import { parsePubTator } from "./pubtator/parse.js";
import { parseCollection, readCollection } from "./read.js";
import { formatCollection } from "./write.js";

// Lossless round trips on the real files: JSON -> XML -> JSON and
// XML -> JSON -> XML give deep-equal models, and PubTator -> BioC -> PubTator
// gives back the same bytes on BioRED.

// One file of each XML/JSON pair: pairs.test.ts shows both sides read to
// equal models, so a lossless trip from one side covers the other. BC6PM's
// training sets are left out to keep the suite quick (same layout as the test sets).
const FILES: [Corpus, string][] = [
  ["biored", "Dev.BioC.XML"],
  ["biored", "Dev.BioC.JSON"],
  ["cdr", "CDR_DevelopmentSet.BioC.xml"],
  ["bc6pm", "PMtask_Relations_TestSet.json"],
  ["bc6pm", "PMtask_Relations_sample.json"],
  ["bc6pm", "PMtask_Triage_TestSet.xml"],
  ["bc6pm", "PMtask_Triage_sample.xml"],
  ["fixtures", "ncbi-bioc-json/json/abbr.json"],
  ["fixtures", "ncbi-bioc-json/xml/collection.xml"],
  ["fixtures", "ncbi-bioc-json/json/everything.json"],
  ["fixtures", "ncbi-bioc-json/xml/everything-sentence.xml"],
  ["fixtures", "bionlplab-bioc/everything.json"],
  ["fixtures", "bionlplab-bioc/everything_v2.xml"],
];

function roundTrip(c: BioCCollection, format: "json" | "xml"): BioCCollection {
  return parseCollection(formatCollection(c, { format }));
}

describe("JSON <-> XML round trips are lossless", () => {
  // x -> JSON -> model and x -> XML -> model both equal x; with a deterministic
  // writer that is JSON -> XML -> JSON and XML -> JSON -> XML without loss.
  for (const [corpus, file] of FILES) {
    it(`${corpus}/${file}`, async () => {
      const original = await corpusCollection(corpus, file);
      if (!original) return;
      const viaJson = roundTrip(original, "json");
      expect(viaJson).toEqual(original);
      expect(roundTrip(viaJson, "xml")).toEqual(original);
    });
  }

  it("pretty-printed output reads back the same", async () => {
    const original = await corpusCollection("fixtures", "bionlplab-bioc/everything_v2.xml");
    if (!original) return;
    for (const format of ["json", "xml"] as const) {
      const text = formatCollection(original, { format, indent: 2 });
      expect(text.split("\n").length).toBeGreaterThan(20);
      expect(parseCollection(text)).toEqual(original);
    }
  });
});

describe("PubTator", () => {
  for (const split of ["Train", "Dev"]) {
    it(`BioRED ${split}: PubTator -> BioC -> PubTator gives the same bytes`, () => {
      const path = dataFile("biored", `${split}.PubTator`);
      if (!haveData(path)) return;
      const text = readFileSync(path, "utf8");
      const docs = parsePubTator(text, path);
      expect(formatPubTator(docs)).toBe(text);
      const bioc = pubTatorToBioC(docs);
      expect(formatPubTator(bioCToPubTator(bioc.documents))).toBe(text);
      // and through BioC XML and JSON files (Dev only, to keep the suite quick)
      if (split === "Dev")
        for (const format of ["xml", "json"] as const) {
          const reread = parseCollection(formatCollection(bioc, { format }));
          expect(formatPubTator(bioCToPubTator(reread.documents))).toBe(text);
        }
    });

    it(`BioRED ${split}: PubTator converts to the same documents as the official BioC XML`, async () => {
      const pt = dataFile("biored", `${split}.PubTator`);
      const xml = dataFile("biored", `${split}.BioC.XML`);
      if (!haveData(pt, xml)) return;
      const fromPubTator = await readCollection(pt);
      const fromXml = await readCollection(xml);
      expect(fromPubTator.documents).toEqual(fromXml.documents);
    });
  }

  it("BioRED Dev: the BioC XML written as PubTator equals the shipped PubTator", async () => {
    const pt = dataFile("biored", "Dev.PubTator");
    const json = dataFile("biored", "Dev.BioC.JSON");
    if (!haveData(pt, json)) return;
    // The JSON has no passage types: the first passage is taken as the title.
    const fromJson = await readCollection(json);
    expect(formatCollection(fromJson, { format: "pubtator" })).toBe(readFileSync(pt, "utf8"));
  });
});
