// @biore/re-models/bert: fine-tune a BERT-family checkpoint (BERT, PubMedBERT/BiomedBERT,
// BioBERT) from a local Hugging Face folder under the relation heads of @biore/re-models.
// Nothing is downloaded: the folder holds config.json, vocab.txt and model.safetensors.
export { CheckpointError } from "./errors.js";
export type { CheckpointErrorCode } from "./errors.js";
export { parseBertConfig, readBertConfig } from "./config.js";
export type { BertConfig } from "./config.js";
export {
  encodeSafetensors,
  parseSafetensors,
  readSafetensors,
  toFloat32,
  writeSafetensors,
} from "./safetensors.js";
export type {
  SafetensorsDtype,
  SafetensorsEntry,
  SafetensorsFile,
} from "./safetensors.js";
export { readBertCheckpoint } from "./checkpoint.js";
export type { BertCheckpoint } from "./checkpoint.js";
export { bertParamSpecs } from "./weights.js";
export type { BertParamSpec, WeightValue } from "./weights.js";
export { bertHiddenStates } from "./encoder.js";
export type { BertDropout, BertParams } from "./encoder.js";
export { WordPieceTokenizer, readWordPieceTokenizer } from "./tokenizer.js";
export type { WordPieceTokenizerFiles } from "./tokenizer.js";
export {
  encodeWithWordPieces,
  markerIds,
  withEntityMarkers,
} from "./encode-documents.js";
export type { WordPieceEncodeOptions } from "./encode-documents.js";
export { entityMarkerTokens, insertEntityMarkers } from "./markers.js";
export type { MarkerIds } from "./markers.js";
export { createBertModel } from "./create-model.js";
export type { BertModelOptions } from "./create-model.js";
export type { BertEncoderSpec } from "./token-encoder.js";
export type { WordPieceDataset } from "./encode-documents.js";
