import type { BioCAnnotation, BioCDocument, BioCRelation } from "@biore/bioc-io";

const CHEMICALS = ["aspirin", "tamoxifen", "cisplatin", "metformin"];
const GENES = ["BRCA1", "TP53", "EGFR", "KRAS"];
const DISEASES = ["fever", "asthma", "anemia", "gout"];

/**
 * `count` small BioRED-style BioC documents for tests (seeded by their index): a chemical binds
 * a gene (novel) and causes a disease (not novel), with a distractor chemical in no relation.
 * Identifiers and types in annotation infons, relations at document level as BioRED has them.
 */
export function bioredLikeDocuments(count: number, firstId = 1): BioCDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const chemical = CHEMICALS[i % 4] as string;
    const other = CHEMICALS[(i + 1) % 4] as string;
    const gene = GENES[(i + 2) % 4] as string;
    const disease = DISEASES[(i * 3) % 4] as string;
    const parts: [string, string, string][] = [
      [chemical, "ChemicalEntity", `C${i % 4}`],
      [" binds ", "", ""],
      [gene, "GeneOrGeneProduct", `G${(i + 2) % 4}`],
      [" and causes ", "", ""],
      [disease, "DiseaseOrPhenotypicFeature", `D${(i * 3) % 4}`],
      [", unlike ", "", ""],
      [other, "ChemicalEntity", `C${(i + 1) % 4}`],
      [".", "", ""],
    ];
    let text = "";
    const annotations: BioCAnnotation[] = [];
    for (const [piece, type, identifier] of parts) {
      if (type) {
        annotations.push({
          id: `T${annotations.length}`,
          infons: { type, identifier },
          text: piece,
          locations: [{ offset: text.length, length: piece.length }],
        });
      }
      text += piece;
    }
    const relation = (n: number, e1: string, e2: string, type: string, novel: string) =>
      ({
        id: `R${n}`,
        infons: { entity1: e1, entity2: e2, type, novel },
        nodes: [],
      }) as BioCRelation;
    return {
      id: String(firstId + i),
      infons: {},
      passages: [
        { offset: 0, infons: { type: "title" }, text, sentences: [], annotations, relations: [] },
      ],
      annotations: [],
      relations: [
        relation(0, `C${i % 4}`, `G${(i + 2) % 4}`, "Bind", "Novel"),
        relation(1, `C${i % 4}`, `D${(i * 3) % 4}`, "Positive_Correlation", "No"),
      ],
    };
  });
}
