// Hand-built BioC documents for unit tests (not part of the public API).
import type { BioCAnnotation, BioCDocument, BioCPassage, BioCRelation } from "@biore/bioc-io";

/** An annotation located by searching `needle` (the `nth` occurrence) in the full text. */
export interface AnnotationSpec {
  text: string;
  id?: string;
  identifier?: string;
  type: string;
  nth?: number;
  infons?: Record<string, string>;
}

/** Builds a document from passages given as plain strings, annotating the requested strings. */
export function makeDocument(
  id: string,
  passages: string[],
  annotations: AnnotationSpec[],
  relations: Array<Record<string, string>> = [],
): BioCDocument {
  let offset = 0;
  const built: BioCPassage[] = passages.map((text, i) => {
    const passage: BioCPassage = {
      offset,
      infons: { type: i === 0 ? "title" : "abstract" },
      text,
      sentences: [],
      annotations: [],
      relations: [],
    };
    offset += text.length + 1;
    return passage;
  });
  annotations.forEach((spec, n) => {
    const full = built.map((p) => p.text).join(" ");
    let at = -1;
    for (let k = 0; k <= (spec.nth ?? 0); k++) at = full.indexOf(spec.text, at + 1);
    if (at < 0) throw new Error(`"${spec.text}" not in document ${id}`);
    const passage = [...built].reverse().find((p) => p.offset <= at)!;
    const infons: Record<string, string> = { type: spec.type, ...spec.infons };
    if (spec.identifier !== undefined) infons.identifier = spec.identifier;
    const annotation: BioCAnnotation = {
      id: spec.id ?? String(n),
      infons,
      text: spec.text,
      locations: [{ offset: at, length: spec.text.length }],
    };
    passage.annotations.push(annotation);
  });
  const rels: BioCRelation[] = relations.map((infons, i) => ({ id: `R${i}`, infons, nodes: [] }));
  return { id, infons: {}, passages: built, annotations: [], relations: rels };
}

/** A small BioRED-like abstract: three genes/diseases/chemicals and two relations. */
export function sampleBioredDocument(): BioCDocument {
  return makeDocument(
    "1001",
    [
      "BRCA1 variant p.V1763M in breast cancer.",
      "We studied BRCA1 in 40 patients (Smith et al. 2001). The p.V1763M carriers responded to tamoxifen. Tamoxifen reduced breast cancer risk by 1.5 fold, e.g. in E. coli models.",
    ],
    [
      { text: "BRCA1", identifier: "672", type: "GeneOrGeneProduct" },
      { text: "p.V1763M", identifier: "p|SUB|V|1763|M", type: "SequenceVariant" },
      { text: "breast cancer", identifier: "D001943", type: "DiseaseOrPhenotypicFeature" },
      { text: "BRCA1", identifier: "672", type: "GeneOrGeneProduct", nth: 1 },
      { text: "patients", identifier: "9606", type: "OrganismTaxon" },
      { text: "p.V1763M", identifier: "p|SUB|V|1763|M", type: "SequenceVariant", nth: 1 },
      { text: "tamoxifen", identifier: "D013629", type: "ChemicalEntity" },
      { text: "Tamoxifen", identifier: "D013629", type: "ChemicalEntity" },
      { text: "breast cancer", identifier: "D001943", type: "DiseaseOrPhenotypicFeature", nth: 1 },
      { text: "E. coli", identifier: "-", type: "OrganismTaxon" },
    ],
    [
      {
        entity1: "p|SUB|V|1763|M",
        entity2: "D001943",
        type: "Positive_Correlation",
        novel: "Novel",
      },
      { entity1: "D013629", entity2: "D001943", type: "Negative_Correlation", novel: "No" },
    ],
  );
}
