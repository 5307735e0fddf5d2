import type { BioCAnnotation, BioCDocument, BioCRelation } from "./model.js";

/** Counts over a collection (or any stream of documents). */
export interface CollectionStats {
  documents: number;
  passages: number;
  sentences: number;
  /** All annotations: document, passage and sentence level. */
  annotations: number;
  /** All relations: document, passage and sentence level. */
  relations: number;
  /** Annotation count per `infons.type` (`(none)` when missing). */
  annotationsByType: Record<string, number>;
  /** Relation count per `infons.type`, else `infons.relation` (CDR, BC6PM), else `(none)`. */
  relationsByType: Record<string, number>;
  /** Relation count per `infons.novel` (BioRED: `Novel` / `No`), `(none)` when missing. */
  relationsByNovelty: Record<string, number>;
}

/** An empty {@link CollectionStats} to feed to {@link addDocumentStats}. */
export function emptyStats(): CollectionStats {
  return {
    documents: 0,
    passages: 0,
    sentences: 0,
    annotations: 0,
    relations: 0,
    annotationsByType: {},
    relationsByType: {},
    relationsByNovelty: {},
  };
}

function bump(map: Record<string, number>, key: string | undefined): void {
  const k = key ?? "(none)";
  map[k] = (map[k] ?? 0) + 1;
}

function addAnnotations(stats: CollectionStats, anns: readonly BioCAnnotation[]): void {
  stats.annotations += anns.length;
  for (const a of anns) bump(stats.annotationsByType, a.infons.type);
}

function addRelations(stats: CollectionStats, rels: readonly BioCRelation[]): void {
  stats.relations += rels.length;
  for (const r of rels) {
    bump(stats.relationsByType, r.infons.type ?? r.infons.relation);
    bump(stats.relationsByNovelty, r.infons.novel);
  }
}

/** Adds one document's counts into `stats` (so stats can be taken while streaming). */
export function addDocumentStats(stats: CollectionStats, doc: BioCDocument): CollectionStats {
  stats.documents++;
  addAnnotations(stats, doc.annotations);
  addRelations(stats, doc.relations);
  for (const p of doc.passages) {
    stats.passages++;
    addAnnotations(stats, p.annotations);
    addRelations(stats, p.relations);
    for (const s of p.sentences) {
      stats.sentences++;
      addAnnotations(stats, s.annotations);
      addRelations(stats, s.relations);
    }
  }
  return stats;
}

/** Counts documents, passages, sentences, annotations and relations (by type and novelty). */
export function collectionStats(documents: Iterable<BioCDocument>): CollectionStats {
  const stats = emptyStats();
  for (const d of documents) addDocumentStats(stats, d);
  return stats;
}
