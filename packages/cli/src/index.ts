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
