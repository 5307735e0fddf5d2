// Public API of `@biore/re-models/bert`: pretrained BERT-family encoders from local Hugging Face folders.
export { CheckpointError, WEIGHTS_HINT } from "./errors.js";
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
export type { SafetensorsDtype, SafetensorsEntry, SafetensorsFile } from "./safetensors.js";
export { BERT_PARAM_PREFIX, bertParamSpecs, extractBertWeights } from "./weights.js";
export type { BertParamSpec, WeightValue } from "./weights.js";
export { readBertCheckpoint } from "./checkpoint.js";
export type { BertCheckpoint } from "./checkpoint.js";
export { bertHiddenStates, gelu } from "./encoder.js";
export type { BertDropout, BertParams } from "./encoder.js";
export { mergeWindows, planWindows, windowStarts } from "./windows.js";
export type { FrameIds, WindowPlan } from "./windows.js";
