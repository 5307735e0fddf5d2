export type {
  BioCAnnotation,
  BioCCollection,
  BioCCollectionHeader,
  BioCDocument,
  BioCLocation,
  BioCNode,
  BioCPassage,
  BioCRelation,
  BioCSentence,
  Infons,
} from "./model.js";
export { BioCError } from "./errors.js";
export type { BioCErrorCode, SourceLocation } from "./errors.js";
