import { describe, expect, it } from "vitest";
import { CDR_SCHEMA, type DatasetWarning, buildConcepts } from "./index.js";
import { makeDocument, sampleBioredDocument } from "./testing/documents.js";

describe("buildConcepts", () => {
  it("groups mentions by identifier and keeps un-normalized mentions outside concepts", () => {
    const { concepts, mentions, mentionsWithoutIdentifier, warnings } = buildConcepts(
      sampleBioredDocument(),
    );
    expect(concepts.map((c) => [c.key, c.type, c.mentions.length])).toEqual([
      ["672", "GeneOrGeneProduct", 2],
      ["p|SUB|V|1763|M", "SequenceVariant", 2],
      ["D001943", "DiseaseOrPhenotypicFeature", 2],
      ["9606", "OrganismTaxon", 1],
      ["D013629", "ChemicalEntity", 2],
    ]);
    expect(mentions).toHaveLength(10);
    expect(mentionsWithoutIdentifier).toBe(1);
    expect(mentions.find((m) => m.text === "E. coli")?.conceptIndices).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it("puts an annotation with comma-separated identifiers into each concept", () => {
    const doc = makeDocument(
      "1",
      ["breast and ovarian cancer; breast cancer"],
      [
        { text: "breast and ovarian cancer", identifier: "D001943,D010051", type: "Disease" },
        { text: "breast cancer", identifier: "D001943", type: "Disease" },
      ],
    );
    const { concepts } = buildConcepts(doc);
    expect(concepts.map((c) => [c.identifier, c.mentions.map((m) => m.text)])).toEqual([
      ["D001943", ["breast and ovarian cancer", "breast cancer"]],
      ["D010051", ["breast and ovarian cancer"]],
    ]);
  });

  it("splits CDR composite mentions on | and treats -1 as missing", () => {
    const doc = makeDocument(
      "2",
      ["ocular and auditory toxicity after drug X"],
      [
        {
          text: "ocular and auditory toxicity",
          type: "Disease",
          infons: { MESH: "D014786|D006311", CompositeRole: "CompositeMention" },
        },
        { text: "drug X", type: "Chemical", infons: { MESH: "-1" } },
      ],
    );
    const { concepts, mentionsWithoutIdentifier } = buildConcepts(doc, { schema: CDR_SCHEMA });
    expect(concepts.map((c) => c.identifier)).toEqual(["D014786", "D006311"]);
    expect(mentionsWithoutIdentifier).toBe(1);
  });

  it("keeps one concept per type when an identifier carries several types, with a warning", () => {
    const doc = makeDocument(
      "3",
      ["NIS gene and NIS protein"],
      [
        { text: "NIS gene", identifier: "6528", type: "Gene" },
        { text: "NIS protein", identifier: "6528", type: "Protein" },
      ],
    );
    const { concepts, warnings } = buildConcepts(doc);
    expect(concepts.map((c) => c.key)).toEqual(["Gene:6528", "Protein:6528"]);
    expect(warnings.map((w) => w.code)).toEqual(["CONFLICTING_CONCEPT_TYPE"]);
  });

  it("warns for a document without annotations, a location outside its passage and overlaps", () => {
    const seen: DatasetWarning[] = [];
    const empty = buildConcepts(makeDocument("E", ["Nothing here."], []), {
      onWarning: (w) => seen.push(w),
    });
    expect(empty.concepts).toEqual([]);
    expect(seen.map((w) => [w.code, w.documentId])).toEqual([["NO_ANNOTATIONS", "E"]]);

    const doc = makeDocument(
      "O",
      ["Title about aspirin.", "Aspirin and acetylsalicylic acid."],
      [
        { text: "aspirin", identifier: "D001241", type: "Chemical" },
        { text: "acetylsalicylic acid", identifier: "D001241", type: "Chemical" },
        { text: "acid", identifier: "D000001", type: "Chemical" },
      ],
    );
    // Move the title annotation into the abstract's range, and add one beyond the text.
    const [title, abstract] = doc.passages;
    title!.annotations.push({
      id: "far",
      infons: { identifier: "X", type: "Chemical" },
      text: "??",
      locations: [{ offset: 500, length: 2 }],
    });
    const moved = abstract!.annotations.pop()!;
    title!.annotations.push(moved);
    const result = buildConcepts(doc);
    const codes = result.warnings.map((w) => `${w.code}:${w.annotationId}`);
    expect(codes).toContain("ANNOTATION_OUTSIDE_PASSAGE:far");
    expect(codes).toContain("ANNOTATION_OUTSIDE_PASSAGE:2");
    expect(codes).toContain("OVERLAPPING_MENTIONS:2");
    // The misplaced annotation is kept (moved to the passage holding it); the one outside every passage is not.
    expect(result.concepts.map((c) => c.identifier)).toEqual(["D001241", "D000001"]);
    expect(result.concepts[1]!.mentions[0]!.passageIndex).toBe(1);
  });
});
