export { BACKEND_CHOICES, describeBackend, loadBackend } from "./backend.js";
export type { BackendChoice, BackendEnvironment, BackendSkip, LoadedBackend } from "./backend.js";
export { createProgram, run } from "./program.js";
export type { Output } from "./output.js";
export { BioreError, UserError } from "./user-error.js";
export { locateBiored } from "./data/locate.js";
export type { DataSource, LocatedData, LocateOptions } from "./data/locate.js";
export type { DownloadProgress } from "./data/download.js";
export { discoverSplits, resolveSplit } from "./data/splits.js";
export type { CorpusFormat, SplitFile, SplitFiles, SplitName } from "./data/splits.js";
export { writeReport } from "./reports/write-report.js";
export type { ReportFiles } from "./reports/write-report.js";
export type {
  BioredMetric,
  CompareReport,
  ComparisonRow,
  Confusion,
  EmbeddingQuality,
  EpochRecord,
  Interval,
  ModelEvaluation,
  Projection,
  RunReport,
  TypeScore,
} from "./reports/types.js";
export {
  DEFAULT_QUEUE,
  QueueError,
  enqueue,
  jobIdFor,
  queueStatus,
  redactRedisUrl,
  retryFailed,
  work,
} from "./queue/index.js";
export type {
  EnqueueOptions,
  EnqueueResult,
  PredictJobData,
  PredictJobResult,
  QueueCommandOptions,
  QueueErrorCode,
  QueueStatus,
  QueueWorker,
  WorkEvent,
  WorkOptions,
} from "./queue/index.js";
export { PredictError } from "./predict/errors.js";
export type { PredictErrorCode } from "./predict/errors.js";
export { modelDigest } from "./predict/model-digest.js";
export { predictFiles, planPredict } from "./predict/run-predict.js";
export type {
  PlannedShard,
  PredictFilesOptions,
  PredictPlan,
  PredictProgress,
  PredictSummary,
} from "./predict/run-predict.js";
export { predictShard } from "./predict/predict-shard.js";
export type { PredictShardOptions, ShardResult } from "./predict/predict-shard.js";
export { resolveShards } from "./predict/shards.js";
export type { Shard } from "./predict/shards.js";
export type { ShardOutput } from "./predict/outputs.js";
