export { BaseDistance, type DistanceOptions } from "./distances/base-distance.js";
export type { HostKernel } from "./distances/host-matrix.js";
export { CosineSimilarity } from "./distances/cosine-similarity.js";
export { DotProductSimilarity } from "./distances/dot-product-similarity.js";
export { LpDistance, type LpDistanceOptions } from "./distances/lp-distance.js";
export {
  BioreError,
  type MetricLearningErrorCode,
  MetricLearningError,
} from "./errors.js";
export { BaseMetricLoss, type LossOptions } from "./losses/base-loss.js";
export { CircleLoss, type CircleLossOptions } from "./losses/circle-loss.js";
export { ContrastiveLoss, type ContrastiveLossOptions } from "./losses/contrastive-loss.js";
export {
  HardNegativeContrastiveLoss,
  type HardNegativeContrastiveLossOptions,
} from "./losses/hard-negative-contrastive-loss.js";
export {
  MultiSimilarityLoss,
  type MultiSimilarityLossOptions,
} from "./losses/multi-similarity-loss.js";
export { NTXentLoss, type NTXentLossOptions } from "./losses/ntxent-loss.js";
export { SupConLoss, type SupConLossOptions } from "./losses/supcon-loss.js";
export { TripletMarginLoss, type TripletMarginLossOptions } from "./losses/triplet-margin-loss.js";
export {
  CrossBatchMemory,
  type CrossBatchMemoryOptions,
  type CrossBatchMemoryState,
} from "./memory/cross-batch-memory.js";
export { BaseMiner, type MinerOptions } from "./miners/base-miner.js";
export {
  BatchEasyHardMiner,
  type BatchEasyHardMinerOptions,
  type EasyHardStrategy,
} from "./miners/batch-easy-hard-miner.js";
export { BatchHardMiner } from "./miners/batch-hard-miner.js";
export { contextGroups, type GroupedContext } from "./miners/groups.js";
export {
  DistanceWeightedMiner,
  type DistanceWeightedMinerOptions,
} from "./miners/distance-weighted-miner.js";
export {
  MultiSimilarityMiner,
  type MultiSimilarityMinerOptions,
} from "./miners/multi-similarity-miner.js";
export { PairMarginMiner, type PairMarginMinerOptions } from "./miners/pair-margin-miner.js";
export {
  TopKHardNegativesMiner,
  type TopKHardNegativesMinerOptions,
} from "./miners/top-k-hard-negatives-miner.js";
export {
  TopKHardPairsMiner,
  type TopKHardPairsMinerOptions,
} from "./miners/top-k-hard-pairs-miner.js";
export {
  TripletMarginMiner,
  type TripletMarginMinerOptions,
  type TypeOfTriplets,
} from "./miners/triplet-margin-miner.js";
export { AvgNonZeroReducer } from "./reducers/avg-non-zero-reducer.js";
export type { ReductionInput, Reducer } from "./reducers/base-reducer.js";
export { ClassWeightedReducer } from "./reducers/class-weighted-reducer.js";
export { MeanReducer } from "./reducers/mean-reducer.js";
export { SumReducer } from "./reducers/sum-reducer.js";
export { HardBatchSampler, type HardBatchSamplerOptions } from "./samplers/hard-batch-sampler.js";
export { MPerClassSampler, type MPerClassSamplerOptions } from "./samplers/m-per-class-sampler.js";
export {
  type IndicesTuple,
  isTripletIndices,
  type Labels,
  type PairIndices,
  type TripletIndices,
} from "./types.js";
export type { MetricContext } from "./utils/context.js";
export type { MiningPath } from "./utils/mining-path.js";
export { toPairs, toTriplets } from "./utils/indices.js";
