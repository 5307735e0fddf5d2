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
export { BioCError, BioreError } from "./errors.js";
export type { BioCErrorCode, SourceLocation } from "./errors.js";
export type { ReadOptions } from "./context.js";
export type { BioCWarning, BioCWarningCode } from "./warnings.js";
export { WarningTally } from "./warnings.js";
export { detectFormat, formatFromExtension } from "./detect.js";
export type { BioCFormat } from "./detect.js";
export { parseCollection, readCollection, readCollectionSync } from "./read.js";
export type { ReadCollectionOptions } from "./read.js";
export { addDocumentStats, collectionStats, emptyStats } from "./stats.js";
export type { CollectionStats } from "./stats.js";
export { createFormatter, formatCollection, writeCollection } from "./write.js";
export type { CollectionFormatter, WriteOptions } from "./write.js";
export { parsePubTator } from "./pubtator/parse.js";
export { formatPubTator, formatPubTatorDocument } from "./pubtator/format.js";
export {
  PUBTATOR_EXTRA_INFON,
  bioCDocumentToPubTator,
  bioCToPubTator,
  pubTatorDocumentToBioC,
  pubTatorToBioC,
} from "./pubtator/convert.js";
export type { PubTatorDocument, PubTatorMention, PubTatorRelation } from "./pubtator/model.js";
export { streamDocuments } from "./stream.js";
export type { DocumentStream, StreamOptions } from "./stream.js";
export { createCollectionWriter, writeDocuments } from "./stream-writer.js";
export type { CollectionWriter } from "./stream-writer.js";
export { BioCValidationError, validateDocuments } from "./validate.js";
export type { Violation } from "./validate.js";
export { allAnnotations, allRelations, forEachAnnotation, forEachRelation } from "./walk.js";
export type { NodePlace } from "./walk.js";
export { checkOffsets } from "./offsets.js";
export type { OffsetMismatch } from "./offsets.js";
export { jsonSchemaViolations as validateBioCJson } from "./json/schema.js";
export {
  WriteError,
  createAtomicWriteStream,
  liveTempFiles,
  staleTempFiles,
  sweepStaleTempFiles,
  writeFileAtomic,
} from "./atomic/index.js";
export type { AtomicWriteOptions, AtomicWriteStream, WriteErrorCode } from "./atomic/index.js";
