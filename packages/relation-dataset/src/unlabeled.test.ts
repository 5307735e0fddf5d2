import { streamDocuments } from "@biore/bioc-io";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import { unlabeledText, unlabeledTextSync } from "./index.js";
import { makeDocument, sampleBioredDocument } from "./testing/documents.js";

describe("unlabeledText", () => {
  it("yields sentences with their words from sync and async sources alike", async () => {
    const docs = [sampleBioredDocument(), makeDocument("2", ["No annotations. At all."], [])];
    const sync = [...unlabeledTextSync(docs)];
    expect(sync.map((s) => [s.documentId, s.text])).toEqual([
      ["1001", "BRCA1 variant p.V1763M in breast cancer."],
      ["1001", "We studied BRCA1 in 40 patients (Smith et al. 2001)."],
      ["1001", "The p.V1763M carriers responded to tamoxifen."],
      ["1001", "Tamoxifen reduced breast cancer risk by 1.5 fold, e.g. in E. coli models."],
      ["2", "No annotations."],
      ["2", "At all."],
    ]);
    expect(sync[0]!.words).toEqual(["BRCA1", "variant", "p.V1763M", "in", "breast", "cancer", "."]);
    async function* stream() {
      yield* docs;
    }
    const fromAsync = [];
    for await (const s of unlabeledText(stream())) fromAsync.push(s);
    expect(fromAsync).toEqual(sync);
  });

  const triage = dataFile("bc6pm", "PMtask_Triage_TestSet.json");
  it.runIf(haveData(triage))("streams the BC6PM triage abstracts", async () => {
    const ids = new Set<string>();
    let sentences = 0;
    let words = 0;
    for await (const s of unlabeledText(streamDocuments(triage))) {
      ids.add(s.documentId);
      sentences++;
      words += s.words.length;
      expect(s.words.length).toBeGreaterThan(0);
    }
    expect(ids.size).toBe(1427);
    expect(sentences / ids.size).toBeGreaterThan(5);
    expect(words / sentences).toBeGreaterThan(10);
  });
});
