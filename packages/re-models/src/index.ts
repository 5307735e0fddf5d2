export { modelShape, validateConfig } from "./config.js";
export type { ModelConfig, ModelShape, ModelSize } from "./config.js";
export { BioreError, ModelError } from "./errors.js";
export type { ModelErrorCode } from "./errors.js";
export { createModel, createModelForDataset } from "./model/create.js";
export type { CreateModelOptions, DatasetModelOptions } from "./model/create.js";
export { RelationModel } from "./model/relation-model.js";
export type { ParamStore } from "./model/params.js";
export type {
  DecisionRule,
  PairScores,
  Preprocessing,
  TrainingMetadata,
} from "./model/relation-model.js";
export { train } from "./training/train.js";
export type { TrainData } from "./training/train.js";
export type {
  BatchProgress,
  EpochRecord,
  HnmOptions,
  MiningStats,
  Objective,
  TrainCallbacks,
  TrainOptions,
  TrainResult,
} from "./training/options.js";
export type { ContrastiveTerm, ContrastiveTermState } from "./training/objective.js";
export type { ScheduleKind } from "./training/schedule.js";
export type { RelationLoss } from "./training/relation-loss.js";
export {
  decide,
  pairTypeMicroF1,
  tuneNoneBias,
  tuneNoveltyThreshold,
  tuneTypeBiases,
} from "./inference/decision.js";
export type { PairDecisions } from "./inference/decision.js";
export { encodeForModel } from "./inference/encode.js";
export type { EncodeForModelOptions } from "./inference/encode.js";
export { predict } from "./inference/predict.js";
export type { PredictedRelation, PredictOptions, PredictResult } from "./inference/predict.js";
export { embed } from "./inference/embed.js";
export type { EmbedOptions, PairEmbeddings } from "./inference/embed.js";
export {
  loadModel,
  readModelFolderFile,
  saveModel,
  MODEL_FILES,
  MODEL_FORMAT,
} from "./io/save-load.js";
export type { LoadOptions, SaveOptions } from "./io/save-load.js";
// The fast cpu kernels live in @biore/tfjs-kernels; re-exported so existing imports keep working.
export {
  registerFastCpuKernels,
  unregisterFastCpuKernels,
  type FastCpuKernelsRegistration,
} from "@biore/tfjs-kernels";
export {
  trainWordVectors,
  initializeTokenEmbeddings,
  pretrainTokenEmbeddings,
  TOKEN_EMBEDDING_PARAM,
  encodeUnlabeledSentences,
  cosineSimilarity,
  nearestNeighbours,
  PretrainingError,
} from "./pretraining/index.js";
export type {
  WordVectorMethod,
  WordVectorOptions,
  WordVectorProgress,
  InitializeEmbeddingsOptions,
  InitializeEmbeddingsResult,
  PretrainOptions,
  PretrainResult,
  Neighbour,
  PretrainingErrorCode,
} from "./pretraining/index.js";
// Pretrained BERT-family encoders from local Hugging Face folders (issue 17).
export { CheckpointError } from "./encoders/bert/errors.js";
export type { CheckpointErrorCode } from "./encoders/bert/errors.js";
export { parseBertConfig, readBertConfig } from "./encoders/bert/config.js";
export type { BertConfig } from "./encoders/bert/config.js";
export {
  encodeSafetensors,
  parseSafetensors,
  readSafetensors,
  toFloat32,
  writeSafetensors,
} from "./encoders/bert/safetensors.js";
export type {
  SafetensorsDtype,
  SafetensorsEntry,
  SafetensorsFile,
} from "./encoders/bert/safetensors.js";
export { readBertCheckpoint } from "./encoders/bert/checkpoint.js";
export type { BertCheckpoint } from "./encoders/bert/checkpoint.js";
export { bertParamSpecs } from "./encoders/bert/weights.js";
export type { BertParamSpec, WeightValue } from "./encoders/bert/weights.js";
export { bertHiddenStates } from "./encoders/bert/encoder.js";
export type { BertDropout, BertParams } from "./encoders/bert/encoder.js";
export { WordPieceTokenizer, readWordPieceTokenizer } from "./encoders/bert/tokenizer.js";
export type { WordPieceTokenizerFiles } from "./encoders/bert/tokenizer.js";
export {
  encodeWithWordPieces,
  markerIds,
  withEntityMarkers,
} from "./encoders/bert/encode-documents.js";
export type { WordPieceEncodeOptions } from "./encoders/bert/encode-documents.js";
export { entityMarkerTokens, insertEntityMarkers } from "./encoders/bert/markers.js";
export type { MarkerIds } from "./encoders/bert/markers.js";
export { createBertModel } from "./encoders/bert/create-model.js";
export type { BertModelOptions } from "./encoders/bert/create-model.js";
export type { BertEncoderSpec } from "./encoders/bert/token-encoder.js";
export type { WordPieceDataset } from "./encoders/bert/encode-documents.js";
export { registerTokenEncoder } from "./model/token-encoder.js";
export type {
  TokenEncoder,
  TokenEncoderFactory,
  TokenEncoderSpec,
} from "./model/token-encoder.js";
export type { EncodedDataset } from "./inference/encode.js";
