export { NONE_LABEL } from "./constants.js";
export { LabelSpace } from "./label-space.js";
export type {
  CandidatePair,
  EncodedBatch,
  EncodedDocument,
  EntityConcept,
  Mention,
} from "./types.js";
export {
  BC6PM_SCHEMA,
  BIORED_SCHEMA,
  CDR_SCHEMA,
  NODES_SCHEMA,
  SCHEMAS,
  detectSchema,
  schemaByName,
} from "./schema.js";
export type { RelationArguments, RelationSchema } from "./schema.js";
export { annotationIdentifiers, buildConcepts } from "./concepts.js";
export type { BuildConceptsOptions, DocumentConcepts, TypedMention } from "./concepts.js";
export {
  ALL_PAIRS,
  UNSCORED_TYPE_PAIRS,
  candidatePairs,
  isScoredTypePair,
  typePairKey,
} from "./pairs.js";
export type {
  CandidatePairsOptions,
  DocumentPairs,
  PairFilter,
  UnmappedReason,
  UnmappedRelation,
} from "./pairs.js";
export { NON_FINAL_ABBREVIATIONS, splitSentences } from "./text/sentences.js";
export type { TextSpan } from "./text/sentences.js";
export { splitWords } from "./text/words.js";
export { layoutDocument } from "./text/layout.js";
export type { DocumentLayout, LaidOutWord } from "./text/layout.js";
export type { PassageSpan } from "./document-text.js";
export { CONTINUATION, PAD_ID, Tokenizer, UNK_ID } from "./tokenizer.js";
export type { TokenizerFitOptions, TokenizerJSON } from "./tokenizer.js";
export { EntityTypeSpace } from "./entity-types.js";
export { NUM_PAIR_FEATURES, PAIR_FEATURE_NAMES } from "./encoding/features.js";
export { encodeDocument } from "./encoding/encode-document.js";
export type { EncodeContext, EncodeResult } from "./encoding/encode-document.js";
export { collate } from "./encoding/collate.js";
export type { CollateOptions } from "./encoding/collate.js";
export { collatePairs, flatPairIndex } from "./encoding/pair-batches.js";
export type { FlatPairIndex } from "./encoding/pair-batches.js";
export { classWeights } from "./encoding/class-weights.js";
export { DEFAULT_MAX_TOKENS, buildCandidates, buildDataset } from "./dataset.js";
export { CandidateBuilder } from "./candidate-builder.js";
export type { CandidateBuilderOptions, DocumentCandidates } from "./candidate-builder.js";
export {
  TYPE_MAPPING_PRESETS,
  mapEntityType,
  parseTypeMapping,
} from "./type-mapping.js";
export type { TypeMapping } from "./type-mapping.js";
export { TypeCoverageCounter } from "./type-coverage.js";
export type { UnknownEntityTypes } from "./type-coverage.js";
export type {
  BuildCandidatesOptions,
  BuildDatasetOptions,
  CandidateSet,
  PairFilterOption,
  RelationDataset,
} from "./dataset.js";
export { summarizeLengths } from "./report.js";
export type { DatasetReport, LengthSummary } from "./report.js";
export { kFold, shuffled, splitDocuments, splitHeldOut } from "./splits.js";
export { unlabeledText, unlabeledTextSync } from "./unlabeled.js";
export type { UnlabeledSentence } from "./unlabeled.js";
export { BioreError, RelationDatasetError } from "./warnings.js";
export type {
  DatasetWarning,
  DatasetWarningCode,
  RelationDatasetErrorCode,
  WarningHandler,
} from "./warnings.js";
