import { describe, expect, it } from "vitest";
import { CandidateBuilder, RelationDatasetError, buildCandidates, typePairKey } from "./index.js";
import { makeDocument, sampleBioredDocument } from "./testing/documents.js";

function corpus() {
  const second = makeDocument(
    "1002",
    ["Aspirin and BRCA2 in colon cancer."],
    [
      { text: "Aspirin", identifier: "D001241", type: "ChemicalEntity" },
      { text: "BRCA2", identifier: "675", type: "GeneOrGeneProduct" },
      { text: "colon cancer", identifier: "D003110", type: "DiseaseOrPhenotypicFeature" },
    ],
    [{ type: "Association", entity1: "675", entity2: "D003110", novel: "No" }],
  );
  const empty = makeDocument("1003", ["No entities here."], []);
  return [sampleBioredDocument(), second, empty];
}

describe("CandidateBuilder (document by document)", () => {
  it("gives the same pairs and report as buildCandidates over the whole corpus", () => {
    const allowed = new Set([
      typePairKey("GeneOrGeneProduct", "DiseaseOrPhenotypicFeature"),
      typePairKey("ChemicalEntity", "DiseaseOrPhenotypicFeature"),
    ]);
    for (const pairFilter of ["all", allowed] as const) {
      const whole = buildCandidates(corpus(), { pairFilter });
      const builder = new CandidateBuilder({ schema: whole.schema, pairFilter });
      const streamed = corpus().map((d) => builder.add(d));
      expect(streamed.map((s) => s.pairs)).toEqual(whole.pairs);
      expect(streamed.map((s) => s.concepts)).toEqual(whole.concepts);
      expect(builder.report()).toEqual(whole.report);
      expect(builder.warnings()).toEqual(whole.warnings);
    }
  });

  it("detects the schema from the first document when none is given", () => {
    const builder = new CandidateBuilder();
    builder.add(sampleBioredDocument());
    expect(builder.schema?.name).toBe("biored");
  });

  it("without kept warnings still counts them by code", () => {
    const kept = new CandidateBuilder();
    const counted = new CandidateBuilder({ keepWarnings: false });
    for (const d of corpus()) {
      kept.add(d);
      counted.add(d);
    }
    expect(counted.warnings()).toEqual([]);
    expect(counted.report().warningsByCode).toEqual(kept.report().warningsByCode);
    expect(kept.report().warningsByCode.NO_ANNOTATIONS).toBe(1);
  });

  it("refuses the seen-type-pairs filter, which needs the whole corpus", () => {
    expect(() => new CandidateBuilder({ pairFilter: "seen-type-pairs" as never })).toThrow(
      RelationDatasetError,
    );
  });
});
