import { RelationDatasetError } from "./warnings.js";

/** Renames entity types as they are read, e.g. `{ Chemical: "ChemicalEntity" }`. */
export type TypeMapping = Readonly<Record<string, string>>;

/**
 * The entity types of the corpora whose schemas this package knows, renamed to BioRED's
 * (the types a model trained on BioRED knows). Keyed by corpus name.
 */
export const TYPE_MAPPING_PRESETS: Readonly<Record<"cdr" | "bc6pm" | "pubtator3", TypeMapping>> = {
  cdr: { Chemical: "ChemicalEntity", Disease: "DiseaseOrPhenotypicFeature" },
  bc6pm: { Gene: "GeneOrGeneProduct" },
  /** PubTator3's annotations of all of PubMed (NCBI's tmVar variant classes included). */
  pubtator3: {
    Gene: "GeneOrGeneProduct",
    Chemical: "ChemicalEntity",
    Disease: "DiseaseOrPhenotypicFeature",
    Species: "OrganismTaxon",
    Variant: "SequenceVariant",
    Mutation: "SequenceVariant",
    DNAMutation: "SequenceVariant",
    ProteinMutation: "SequenceVariant",
    SNP: "SequenceVariant",
    CellLine: "CellLine",
  },
};

/**
 * Parses a type mapping: a preset name (`cdr`, `bc6pm`, `pubtator3`) or `From=To` pairs separated by commas,
 * e.g. `Chemical=ChemicalEntity,Disease=DiseaseOrPhenotypicFeature`; presets and pairs may be
 * mixed (`cdr,Species=OrganismTaxon`), later entries win.
 */
export function parseTypeMapping(spec: string): TypeMapping {
  const mapping: Record<string, string> = {};
  for (const raw of spec.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const preset = (TYPE_MAPPING_PRESETS as Record<string, TypeMapping>)[entry];
    if (preset) {
      Object.assign(mapping, preset);
      continue;
    }
    const eq = entry.indexOf("=");
    const from = eq < 0 ? "" : entry.slice(0, eq).trim();
    const to = eq < 0 ? "" : entry.slice(eq + 1).trim();
    if (from === "" || to === "" || to.includes("=")) {
      throw new RelationDatasetError(
        "INVALID_ARGUMENT",
        `type mapping entry "${entry}" is neither From=To nor a preset (${Object.keys(TYPE_MAPPING_PRESETS).join(", ")})`,
      );
    }
    mapping[from] = to;
  }
  if (Object.keys(mapping).length === 0) {
    throw new RelationDatasetError("INVALID_ARGUMENT", `type mapping "${spec}" names no type`);
  }
  return mapping;
}

/** The type after mapping (unchanged when the mapping does not name it). */
export function mapEntityType(type: string, mapping: TypeMapping | undefined): string {
  if (!mapping || !Object.hasOwn(mapping, type)) return type;
  return mapping[type] as string;
}
