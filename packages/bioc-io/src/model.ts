/**
 * The BioC data model (https://bioc.sourceforge.net), as plain interfaces.
 * Infons are string maps preserved exactly, including unknown keys.
 * Offsets are in characters of the document text as BioC defines them.
 */

/** Key/value metadata attached to any BioC element. */
export type Infons = Record<string, string>;

/** A span of text: `offset` from the start of the document, `length` characters. */
export interface BioCLocation {
  offset: number;
  length: number;
}

/** A mention of something in the text (e.g. an entity), possibly discontinuous. */
export interface BioCAnnotation {
  id: string;
  infons: Infons;
  text: string;
  locations: BioCLocation[];
}

/** A reference from a relation to an annotation or relation, with a role. */
export interface BioCNode {
  refid: string;
  role: string;
}

/** A relation between annotations (nodes) or, as in BioRED, between concept ids in infons. */
export interface BioCRelation {
  id: string;
  infons: Infons;
  nodes: BioCNode[];
}

/** A sentence inside a passage (used when passages are split into sentences). */
export interface BioCSentence {
  offset: number;
  infons: Infons;
  text: string;
  annotations: BioCAnnotation[];
  relations: BioCRelation[];
}

/** A passage such as a title or abstract; `text` may be absent when it has sentences. */
export interface BioCPassage {
  offset: number;
  infons: Infons;
  /** Absent when the passage text is carried only by its sentences. */
  text?: string;
  sentences: BioCSentence[];
  annotations: BioCAnnotation[];
  relations: BioCRelation[];
}

/** One document (e.g. a PubMed abstract). */
export interface BioCDocument {
  id: string;
  infons: Infons;
  passages: BioCPassage[];
  annotations: BioCAnnotation[];
  relations: BioCRelation[];
}

/** A collection header plus its documents. */
export interface BioCCollection {
  source: string;
  date: string;
  key: string;
  /** BioC v2 `version` attribute; absent for v1 files. */
  version?: string;
  infons: Infons;
  documents: BioCDocument[];
}

/** The collection without its documents, as known before streaming them. */
export type BioCCollectionHeader = Omit<BioCCollection, "documents">;
