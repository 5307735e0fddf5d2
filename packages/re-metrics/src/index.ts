export { BioreError, MetricsError } from "./shared/errors.js";
export type { MetricsErrorCode } from "./shared/errors.js";
export type { Label, Labels } from "./shared/labels.js";
export { createRandom } from "./shared/random.js";
export type { Random } from "./shared/random.js";

export {
  f1FromPrecisionRecall,
  scoresFromCounts,
} from "./classification/f-score.js";
export type { CountScores, ZeroDivision } from "./classification/f-score.js";
export { precisionRecallF1 } from "./classification/precision-recall-f1.js";
export type {
  ClassScores,
  PrecisionRecallF1Options,
  PrecisionRecallF1Result,
} from "./classification/precision-recall-f1.js";
export { classificationBootstrapCI } from "./classification/bootstrap.js";
export type { ClassificationIntervals } from "./classification/bootstrap.js";
export { confusionMatrix } from "./classification/confusion-matrix.js";
export type {
  ConfusionMatrix,
  ConfusionMatrixOptions,
} from "./classification/confusion-matrix.js";
export { classificationReport } from "./classification/classification-report.js";
export type {
  ClassificationReport,
  ClassificationReportOptions,
  ReportRow,
} from "./classification/classification-report.js";

export type { BioredRelation } from "./biored/relation.js";
export { NCBI_EXCLUDED_TYPE_PAIRS, isNcbiScoredTypePair } from "./biored/ncbi-rules.js";
export { relationsFromBioC } from "./biored/from-bioc.js";
export type { RelationInfonNames, RelationsFromBioCOptions } from "./biored/from-bioc.js";
export { BIORED_LEVELS, bioredDocumentCounts } from "./biored/document-counts.js";
export type {
  BioredDocumentCounts,
  BioredInput,
  BioredLevel,
  BioredRules,
  BioredScoreOptions,
  MatchCounts,
} from "./biored/document-counts.js";
export { bioredScores, bioredScoresFromCounts } from "./biored/scores.js";
export type { BioredScores, MicroScores } from "./biored/scores.js";
export { bioredMacroF1 } from "./biored/macro.js";
export {
  alignedBioredCounts,
  bioredBootstrapCI,
  bioredPairedBootstrap,
} from "./biored/bootstrap.js";
export type { BioredLevelIntervals } from "./biored/bootstrap.js";
export { formatBioredScores } from "./biored/format.js";
export type { BioredScoreTables } from "./biored/format.js";

export { adjustedRandIndex, pairConfusionMatrix, randIndex } from "./clustering/rand-index.js";
export {
  completeness,
  homogeneity,
  homogeneityCompletenessVMeasure,
  labelEntropy,
  mutualInfo,
  normalizedMutualInfo,
  vMeasure,
} from "./clustering/mutual-info.js";
export type { AverageMethod, MutualInfoOptions, VMeasure } from "./clustering/mutual-info.js";
export { adjustedMutualInfo } from "./clustering/adjusted-mutual-info.js";
export { expectedMutualInfo } from "./clustering/expected-mutual-info.js";

export {
  bootstrapCI,
  bootstrapCIs,
  flattenGroups,
  groupByDocument,
  resample,
  resampleIndices,
} from "./uncertainty/bootstrap.js";
export type {
  BootstrapOptions,
  ConfidenceInterval,
  DocumentGroup,
  ResamplingOptions,
} from "./uncertainty/bootstrap.js";
export { pairedBootstrap, pairedPermutationTest } from "./uncertainty/paired.js";
export type { PairedBootstrapResult, PermutationTestResult } from "./uncertainty/paired.js";

export { silhouetteSamples, silhouetteScore } from "./clustering/silhouette.js";
export type { SilhouetteOptions } from "./clustering/silhouette.js";
export type { DistanceMetric, Embeddings, ProgressCallback } from "./shared/matrix.js";
export { kMeans } from "./clustering/k-means.js";
export type { KMeansOptions, KMeansResult } from "./clustering/k-means.js";
export { hungarian, mapClustersToLabels } from "./clustering/hungarian.js";
export type { Assignment, ClusterMapping } from "./clustering/hungarian.js";
export { retrievalMetrics } from "./retrieval/retrieval-metrics.js";
export type { RetrievalMetrics, RetrievalOptions } from "./retrieval/retrieval-metrics.js";
