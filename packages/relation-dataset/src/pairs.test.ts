import { describe, expect, it } from "vitest";
import {
  CDR_SCHEMA,
  NODES_SCHEMA,
  NONE_LABEL,
  buildConcepts,
  candidatePairs,
  typePairKey,
} from "./index.js";
import { ALL_PAIRS, UNSCORED_TYPE_PAIRS, isScoredTypePair } from "./pairs.js";
import { makeDocument, sampleBioredDocument } from "./testing/documents.js";

describe("candidatePairs", () => {
  it("makes every unordered pair of distinct concepts and labels the gold ones", () => {
    const doc = sampleBioredDocument();
    const { concepts } = buildConcepts(doc);
    const result = candidatePairs(doc, concepts);
    // 5 concepts (gene 672, variant, disease, taxon 9606, chemical): 10 pairs, less the
    // gene-variant and gene-taxon pairs that the BioRED evaluation never scores.
    expect(concepts).toHaveLength(5);
    expect(result.pairs).toHaveLength((concepts.length * (concepts.length - 1)) / 2 - 2);
    expect(candidatePairs(doc, concepts, undefined, { filter: ALL_PAIRS }).pairs).toHaveLength(10);
    const positives = result.pairs
      .filter((p) => p.label !== NONE_LABEL)
      .map((p) => [p.head.key, p.tail.key, p.label, p.novel]);
    expect(positives).toEqual([
      ["p|SUB|V|1763|M", "D001943", "Positive_Correlation", true],
      ["D001943", "D013629", "Negative_Correlation", false],
    ]);
    expect(result.pairs.filter((p) => p.label === NONE_LABEL).every((p) => p.novel === null)).toBe(
      true,
    );
    expect(result.goldRelations).toBe(2);
    expect(result.unmapped).toEqual([]);
    result.pairIndices.forEach(([h, t], i) => {
      expect(concepts[h]).toBe(result.pairs[i]!.head);
      expect(concepts[t]).toBe(result.pairs[i]!.tail);
    });
  });

  it("lists every gold relation it cannot map, with its reason, and warns", () => {
    const doc = sampleBioredDocument();
    doc.relations.push(
      {
        id: "Rx",
        infons: { entity1: "672", entity2: "D999999", type: "Association", novel: "No" },
        nodes: [],
      },
      {
        id: "Ry",
        infons: { entity1: "672", entity2: "672", type: "Bind", novel: "No" },
        nodes: [],
      },
      {
        id: "Rz",
        infons: { entity1: "D001943", entity2: "D013629", type: "Association", novel: "No" },
        nodes: [],
      },
      { id: "Rw", infons: { entity1: "672", entity2: "9606" }, nodes: [] },
      { id: "Rv", infons: { entity1: "672", type: "Association" }, nodes: [] },
    );
    const { concepts } = buildConcepts(doc);
    const warnings: string[] = [];
    const result = candidatePairs(doc, concepts, undefined, {
      onWarning: (w) => warnings.push(w.code),
    });
    expect(result.goldRelations).toBe(7);
    expect(result.unmapped.map((u) => [u.relationId, u.reason])).toEqual([
      ["Rx", "concept-not-annotated"],
      ["Ry", "self-relation"],
      ["Rz", "duplicate-relation"],
      ["Rw", "missing-type"],
      ["Rv", "missing-argument"],
    ]);
    expect(warnings).toEqual(["UNKNOWN_CONCEPT", "SELF_RELATION", "DUPLICATE_RELATION"]);
    // The first of the duplicated pair keeps its label.
    const pair = result.pairs.find((p) => p.head.key === "D001943" && p.tail.key === "D013629");
    expect(pair?.label).toBe("Negative_Correlation");
  });

  it("leaves out the type pairs NCBI's BioRED evaluation does not score, by default", () => {
    expect(UNSCORED_TYPE_PAIRS.map(([a, b]) => typePairKey(a, b))).toEqual([
      "DiseaseOrPhenotypicFeature|DiseaseOrPhenotypicFeature",
      "GeneOrGeneProduct|SequenceVariant",
      "GeneOrGeneProduct|OrganismTaxon",
    ]);
    expect(isScoredTypePair("SequenceVariant", "GeneOrGeneProduct")).toBe(false);
    expect(isScoredTypePair("OrganismTaxon", "DiseaseOrPhenotypicFeature")).toBe(true);
    const doc = sampleBioredDocument();
    doc.relations.push({
      id: "Rg",
      infons: { entity1: "672", entity2: "p|SUB|V|1763|M", type: "Association", novel: "No" },
      nodes: [],
    });
    const { concepts } = buildConcepts(doc);
    const result = candidatePairs(doc, concepts);
    const types = result.pairs.map((p) => typePairKey(p.head.type, p.tail.type));
    expect(types.filter((t) => !isScoredTypePair(...(t.split("|") as [string, string])))).toEqual(
      [],
    );
    expect(result.unmapped.map((u) => [u.relationId, u.reason])).toEqual([
      ["Rg", "unscored-type-pair"],
    ]);
    expect(result.unmapped[0]!.message).toMatch(
      /GeneOrGeneProduct\|SequenceVariant, which the BioRED evaluation does not score/,
    );
    // ALL_PAIRS keeps them, gold label included.
    const all = candidatePairs(doc, concepts, undefined, { filter: ALL_PAIRS });
    expect(all.unmapped).toEqual([]);
    expect(all.pairs.filter((p) => p.label === "Association")).toHaveLength(1);
  });

  it("filters pairs by entity-type pair and reports filtered gold relations", () => {
    const doc = sampleBioredDocument();
    const { concepts } = buildConcepts(doc);
    const allowed = new Set([typePairKey("ChemicalEntity", "DiseaseOrPhenotypicFeature")]);
    const result = candidatePairs(doc, concepts, undefined, {
      filter: (h, t) => allowed.has(typePairKey(h.type, t.type)),
    });
    expect(result.pairs.map((p) => p.label)).toEqual(["Negative_Correlation"]);
    expect(result.unmapped.map((u) => u.reason)).toEqual(["filtered-out"]);
  });

  it("orients CDR pairs chemical -> disease", () => {
    const doc = makeDocument(
      "9",
      ["Seizures after lidocaine."],
      [
        { text: "Seizures", type: "Disease", infons: { MESH: "D012640" } },
        { text: "lidocaine", type: "Chemical", infons: { MESH: "D008012" } },
      ],
      [{ relation: "CID", Chemical: "D008012", Disease: "D012640" }],
    );
    const { concepts } = buildConcepts(doc, { schema: CDR_SCHEMA });
    const { pairs, pairIndices } = candidatePairs(doc, concepts, CDR_SCHEMA);
    expect(pairs.map((p) => [p.head.identifier, p.tail.identifier, p.label])).toEqual([
      ["D008012", "D012640", "CID"],
    ]);
    expect(pairIndices).toEqual([[1, 0]]);
  });

  it("resolves node-based relations through annotation ids, un-normalized annotations included", () => {
    const doc = makeDocument(
      "n",
      ["p53 activates MDM2 in cells"],
      [
        { id: "T1", text: "p53", type: "Protein" },
        { id: "T2", text: "MDM2", type: "Protein" },
      ],
    );
    doc.relations.push(
      {
        id: "E1",
        infons: { type: "Activation" },
        nodes: [
          { refid: "T1", role: "Agent" },
          { refid: "T2", role: "Theme" },
        ],
      },
      {
        id: "E2",
        infons: { type: "Activation" },
        nodes: [
          { refid: "T1", role: "Agent" },
          { refid: "T9", role: "Theme" },
        ],
      },
    );
    const { concepts } = buildConcepts(doc, { schema: NODES_SCHEMA });
    const result = candidatePairs(doc, concepts, NODES_SCHEMA);
    expect(concepts.map((c) => c.key)).toEqual(["@T1", "@T2"]);
    expect(result.pairs.map((p) => p.label)).toEqual(["Activation"]);
    expect(result.unmapped.map((u) => [u.relationId, u.reason])).toEqual([
      ["E2", "unknown-annotation"],
    ]);
  });
});
