import { describe, expect, it } from "vitest";
import {
  BIORED_SCHEMA,
  CDR_SCHEMA,
  RelationDatasetError,
  TYPE_MAPPING_PRESETS,
  TypeCoverageCounter,
  buildConcepts,
  buildDataset,
  mapEntityType,
  parseTypeMapping,
} from "./index.js";
import { makeDocument, sampleBioredDocument } from "./testing/documents.js";

/** A CDR-style abstract: MeSH ids under `MESH`, types Chemical/Disease, one CID relation. */
function cdrDocument() {
  return makeDocument(
    "c1",
    ["Lidocaine-induced cardiac arrest.", "Lidocaine caused arrest and nausea in rats."],
    [
      { text: "Lidocaine", type: "Chemical", infons: { MESH: "D008012" } },
      { text: "cardiac arrest", type: "Disease", infons: { MESH: "D006323" } },
      { text: "nausea", type: "Disease", infons: { MESH: "D009325" } },
    ],
    [{ relation: "CID", Chemical: "D008012", Disease: "D006323" }],
  );
}

describe("parseTypeMapping", () => {
  it("reads From=To pairs and presets, later entries winning", () => {
    expect(parseTypeMapping("Chemical=ChemicalEntity, Disease=DiseaseOrPhenotypicFeature")).toEqual(
      TYPE_MAPPING_PRESETS.cdr,
    );
    expect(parseTypeMapping("cdr,Disease=Other")).toEqual({
      Chemical: "ChemicalEntity",
      Disease: "Other",
    });
    expect(parseTypeMapping("bc6pm")).toEqual({ Gene: "GeneOrGeneProduct" });
  });

  it("refuses entries that are neither a pair nor a preset, with the entry", () => {
    for (const bad of ["Chemical", "=X", "A=", "A=B=C", "", " , "]) {
      expect(() => parseTypeMapping(bad), bad).toThrow(RelationDatasetError);
    }
    expect(() => parseTypeMapping("cdr,Chemcal")).toThrow(/"Chemcal"/);
  });

  it("maps only the named types", () => {
    expect(mapEntityType("Chemical", TYPE_MAPPING_PRESETS.cdr)).toBe("ChemicalEntity");
    expect(mapEntityType("Gene", TYPE_MAPPING_PRESETS.cdr)).toBe("Gene");
    expect(mapEntityType("toString", TYPE_MAPPING_PRESETS.cdr)).toBe("toString");
    expect(mapEntityType("Chemical", undefined)).toBe("Chemical");
  });
});

describe("unknown entity types", () => {
  const known = ["ChemicalEntity", "DiseaseOrPhenotypicFeature", "GeneOrGeneProduct"];

  it("counts the unknown types' mentions and concepts and the pairs they cost", () => {
    const counter = new TypeCoverageCounter(known);
    counter.add(buildConcepts(cdrDocument(), { schema: CDR_SCHEMA }));
    // 3 mentions, 3 concepts, all of unknown types: 3 candidate pairs, all dropped.
    expect(counter.result()).toEqual({
      types: { Chemical: { mentions: 1, concepts: 1 }, Disease: { mentions: 2, concepts: 2 } },
      candidatePairs: 3,
      droppedPairs: 3,
    });
  });

  it("a mapping makes the same document fully known", () => {
    const counter = new TypeCoverageCounter(known);
    counter.add(
      buildConcepts(cdrDocument(), { schema: CDR_SCHEMA, typeMap: TYPE_MAPPING_PRESETS.cdr }),
    );
    expect(counter.result()).toEqual({ types: {}, candidatePairs: 3, droppedPairs: 0 });
  });

  it("mixed documents drop only the pairs touching an unknown type", () => {
    // The sample has 5 concepts; OrganismTaxon and SequenceVariant are unknown here.
    const counter = new TypeCoverageCounter(known);
    counter.add(buildConcepts(sampleBioredDocument(), { schema: BIORED_SCHEMA }));
    const r = counter.result();
    expect(Object.keys(r.types)).toEqual(["OrganismTaxon", "SequenceVariant"]);
    expect(r.candidatePairs).toBe(10);
    // 2 unknown, 3 known: 1 unknown-unknown + 2*3 unknown-known pairs.
    expect(r.droppedPairs).toBe(7);
  });

  it("buildDataset reports them against the reused entity types, and maps types on request", () => {
    const train = buildDataset([sampleBioredDocument()], { pairFilter: "seen-type-pairs" });
    const reuse = {
      schema: CDR_SCHEMA,
      tokenizer: train.tokenizer,
      labelSpace: train.labelSpace,
      entityTypes: train.entityTypes,
    };
    const unmapped = buildDataset([cdrDocument()], reuse);
    expect(unmapped.report.unknownEntityTypes?.droppedPairs).toBe(3);
    expect(Object.keys(unmapped.report.unknownEntityTypes?.types ?? {})).toEqual([
      "Chemical",
      "Disease",
    ]);
    const mapped = buildDataset([cdrDocument()], { ...reuse, typeMap: TYPE_MAPPING_PRESETS.cdr });
    expect(mapped.report.unknownEntityTypes).toEqual({
      types: {},
      candidatePairs: 3,
      droppedPairs: 0,
    });
    expect(mapped.concepts[0]!.map((c) => c.type).sort()).toEqual([
      "ChemicalEntity",
      "DiseaseOrPhenotypicFeature",
      "DiseaseOrPhenotypicFeature",
    ]);
    // Fitting its own entity types, a dataset has no "unknown" types to report.
    expect(train.report.unknownEntityTypes).toBeUndefined();
  });
});
