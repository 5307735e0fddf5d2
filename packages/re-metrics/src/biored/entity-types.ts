import { type BioCDocument, allAnnotations } from "@biore/bioc-io";
import { annotationIdentifiers } from "./ncbi-rules.js";

/** Entity type of each concept identifier, per document id. */
export type EntityTypeMaps = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Annotation infons holding the identifier, as the PubTator identifier column takes them. */
const IDENTIFIER_KEYS = ["identifier", "Identifier", "MESH", "NCBI Gene", "NCBI_Gene"];

/**
 * The entity type (`infons.type`) of every identifier annotated in each document. As in
 * NCBI's reader (run_pubtator_eval.py lines 642-664), a multi-identifier annotation types each
 * of its identifiers, and when one identifier is annotated with several types the last wins.
 */
export function entityTypeMaps(documents: readonly BioCDocument[]): EntityTypeMaps {
  const maps = new Map<string, Map<string, string>>();
  for (const document of documents) {
    let map = maps.get(document.id);
    if (!map) {
      map = new Map();
      maps.set(document.id, map);
    }
    // passages (and their sentences), then the document's: the order a PubTator file lists them
    for (const annotation of allAnnotations(document)) {
      const infons = annotation.infons ?? {};
      const key = IDENTIFIER_KEYS.find((k) => infons[k] !== undefined);
      const type = infons.type;
      if (key === undefined || type === undefined) continue;
      for (const id of annotationIdentifiers(infons[key]!)) map.set(id, type);
    }
  }
  return maps;
}
