// @biore/re-models/experiment: one runner for every train -> evaluate -> multi-seed
// comparison (the CLI's train/evaluate/compare and the experiments scripts).
export { HELD_OUT_FRACTION, encodeLike, holdOutForSelection } from "./held-out.js";
export type { HeldOutOptions, TrainingData } from "./held-out.js";
export { trainRun } from "./train-run.js";
export { attachRunTyper } from "./typer-run.js";
export type { TyperRunOptions, TyperRunRecord } from "./typer-run.js";
export { encodeAuxiliary } from "./auxiliary.js";
export type { AuxiliaryCorpus, AuxiliaryCorpusOptions } from "./auxiliary.js";
export type { TrainRunData, TrainRunOptions, TrainRunResult } from "./train-run.js";
export { goldRelations } from "./gold.js";
export { evaluateRun } from "./evaluate-run.js";
export type { EvaluateRunOptions, RunEvaluation } from "./evaluate-run.js";
export { compareSystems, documentUnits, meanF1, seedSummary } from "./seed-summary.js";
export {
  LEVEL_METRICS,
  compareMetrics,
  macroF1Metric,
  seedMean,
  summarizeMetrics,
} from "./seed-metrics.js";
export type { SeedMetric } from "./seed-metrics.js";
export type {
  BootstrapSettings,
  DocumentUnit,
  LevelComparison,
  LevelSummary,
} from "./seed-summary.js";
export { averageScores, ensembleView, heldOutScores, tuneEnsembleDecision } from "./ensemble.js";
export { trainEnsemble } from "./train-ensemble.js";
export type { EnsembleRecipe, TrainedEnsemble } from "./train-ensemble.js";
export { runExperiment } from "./run-experiment.js";
export type {
  ExperimentOptions,
  ExperimentResult,
  ExperimentRun,
  ExperimentSystem,
  SystemComparison,
} from "./run-experiment.js";
