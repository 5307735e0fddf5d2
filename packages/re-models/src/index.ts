export { modelShape, validateConfig } from "./config.js";
export type { ModelConfig, ModelShape, ModelSize } from "./config.js";
export { BioreError, ModelError } from "./errors.js";
export type { ModelErrorCode } from "./errors.js";
export { createModel, createModelForDataset } from "./model/create.js";
export type { CreateModelOptions, DatasetModelOptions } from "./model/create.js";
export { RelationModel } from "./model/relation-model.js";
export type { ParamStore } from "./model/params.js";
export type {
  AttachedTyper,
  DecisionRule,
  PairScores,
  Preprocessing,
  ScoreOptions,
  TrainingMetadata,
} from "./model/relation-model.js";
// The linear relation typer (fit, inspect, fuse): @biore/re-models/typer.
export { train } from "./training/train.js";
export type { TrainData } from "./training/train.js";
export type { AuxiliaryTask, TransferDistillation } from "./training/auxiliary.js";
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
export { TypeTokenView } from "./training/contrastive-views.js";
export type { PairView, TypeTokenViewOptions } from "./training/contrastive-views.js";
export {
  ClassBalancedBatches,
  LengthBucketedBatches,
  batchShortfall,
} from "./training/batch-samplers.js";
export type { BatchSampler, ClassBalancedBatchesOptions } from "./training/batch-samplers.js";
export type { ScheduleKind } from "./training/schedule.js";
export type { RelationLoss } from "./training/relation-loss.js";
export { distillationLoss, teacherLogits, teacherLogitsFor } from "./training/distillation.js";
export type { DistillationOptions, StudentData, TeacherLogits } from "./training/distillation.js";
export {
  decide,
  pairTypeMicroF1,
  tuneNoneBias,
  tuneNoveltyThreshold,
  tuneDecisionRule,
  tuneTypeBiases,
} from "./inference/decision.js";
export type { PairDecisions } from "./inference/decision.js";
export { encodeForModel } from "./inference/encode.js";
export type { EncodeForModelOptions } from "./inference/encode.js";
export { predict } from "./inference/predict.js";
export type { PredictedRelation, PredictOptions, PredictResult } from "./inference/predict.js";
export { embed } from "./inference/embed.js";
export type { EmbedOptions, PairEmbeddings } from "./inference/embed.js";
export { loadModel, readModelFolderFile } from "./io/load-model.js";
export type { LoadOptions } from "./io/load-model.js";
export { saveModel } from "./io/save-model.js";
export type { SaveOptions } from "./io/save-model.js";
export { saveEnsemble } from "./io/save-ensemble.js";
export { checkModelFolder } from "./io/model-folder.js";
export { ensembleMembers, ensembleView } from "./model/ensemble-view.js";
export { ENSEMBLE_FORMAT } from "./io/ensemble-format.js";
export type { EnsembleJson, EnsembleMemberEntry } from "./io/ensemble-format.js";
export { MODEL_FILES, MODEL_FORMAT } from "./io/model-format.js";
// The fast cpu kernels live in @biore/tfjs-kernels; re-exported so existing imports keep working.
export {
  registerFastCpuKernels,
  unregisterFastCpuKernels,
  type FastCpuKernelsRegistration,
} from "@biore/tfjs-kernels";
// Token-embedding pre-training (word2vec) has its own entry: @biore/re-models/pretraining.
// Pretrained BERT-family encoders from local Hugging Face folders: @biore/re-models/bert.
export { registerTokenEncoder } from "./model/token-encoder.js";
export type {
  TokenEncoder,
  TokenEncoderFactory,
  TokenEncoderSpec,
} from "./model/token-encoder.js";
export type { EncodedDataset } from "./inference/encode.js";
