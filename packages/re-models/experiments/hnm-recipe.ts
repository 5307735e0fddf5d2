// The experiments' HNM recipe as plain data (so a run's JSON records it), and the
// hard-negative-miner instances it stands for. The library takes instances only.
import {
  type BaseMetricLoss,
  type BaseMiner,
  BatchEasyHardMiner,
  BatchHardMiner,
  MultiSimilarityMiner,
  NTXentLoss,
  TopKHardNegativesMiner,
  TopKHardPairsMiner,
  SupConLoss,
  TripletMarginLoss,
  TripletMarginMiner,
} from "@biore/hard-negative-miner";
import {
  type BatchSampler,
  ClassBalancedBatches,
  type HnmOptions,
  TypeTokenView,
} from "../src/index.js";

export interface HnmRecipe {
  /** multi-similarity | top-k | top-k-pairs | batch-hard | batch-easy-hard | semihard | none */
  miner: string;
  /** Negatives per anchor of the top-k miners. */
  k: number;
  /** Positives per anchor of the top-k-pairs miner (its farthest ones). */
  positives: number;
  /** Multi-similarity miner's epsilon (its own setting; PML default 0.1). */
  epsilon: number;
  /** supcon | ntxent | triplet */
  loss: string;
  temperature: number;
  /** Margin of the triplet loss and of the semi-hard triplet miner. */
  margin: number;
  weight: number;
  memorySize: number;
  warmupEpochs: number;
  /** Epochs over which the contrastive weight ramps up after warm-up (0 = at once). */
  weightRampEpochs: number;
  samplesPerClass: number;
  maxPairs: number;
  contrastNone: boolean;
  /** Closest negatives each anchor skips before the top-k-pairs miner keeps its k (false-negative guard). */
  skipNegatives: number;
  /** all | entity-types (negatives from the anchor's entity-type pair only; HnmOptions.negativesFrom). */
  negativesFrom: "all" | "entity-types";
  /** relation | relation-and-entity-types (HnmOptions.contrastLabel: prototypes per entity-type pair). */
  contrastLabel: "relation" | "relation-and-entity-types";
  /** Rate of the second view's type-token replacement (HnmOptions.view = TypeTokenView; 0 = one view). */
  view: number;
  /** Epochs of contrastive pre-training (HnmOptions.pretrainEpochs). */
  pretrainEpochs: number;
}

function miner(recipe: HnmRecipe): BaseMiner | null {
  switch (recipe.miner) {
    case "multi-similarity":
      return new MultiSimilarityMiner({ epsilon: recipe.epsilon });
    case "top-k":
      return new TopKHardNegativesMiner({ k: recipe.k });
    case "top-k-pairs":
      return new TopKHardPairsMiner({
        negatives: recipe.k,
        positives: recipe.positives,
        skipNegatives: recipe.skipNegatives,
      });
    case "batch-hard":
      return new BatchHardMiner();
    case "batch-easy-hard":
      return new BatchEasyHardMiner();
    case "semihard":
      return new TripletMarginMiner({ margin: recipe.margin, typeOfTriplets: "semihard" });
    case "none":
      return null;
    default:
      throw new Error(`unknown HNM_MINER ${recipe.miner}`);
  }
}

function loss(recipe: HnmRecipe): BaseMetricLoss {
  switch (recipe.loss) {
    case "supcon":
      return new SupConLoss({ temperature: recipe.temperature });
    case "ntxent":
      return new NTXentLoss({ temperature: recipe.temperature });
    case "triplet":
      return new TripletMarginLoss({ margin: recipe.margin });
    default:
      throw new Error(`unknown HNM_LOSS ${recipe.loss}`);
  }
}

/** re-models' HNM options for a recipe: fresh instances, one set per training run. */
export function hnmOptions(recipe: HnmRecipe): HnmOptions {
  return {
    loss: loss(recipe),
    miner: miner(recipe),
    memorySize: recipe.memorySize,
    weight: recipe.weight,
    warmupEpochs: recipe.warmupEpochs,
    weightRampEpochs: recipe.weightRampEpochs,
    samplesPerClass: recipe.samplesPerClass,
    maxPairs: recipe.maxPairs,
    contrastNone: recipe.contrastNone,
    negativesFrom: recipe.negativesFrom,
    contrastLabel: recipe.contrastLabel,
    ...(recipe.view > 0 ? { view: new TypeTokenView({ rate: recipe.view }) } : {}),
    pretrainEpochs: recipe.pretrainEpochs,
  };
}

/** The trainer's batch sampler: class-balanced batches with `minPerType` pairs a type, or the default (0). */
export function batchSamplerOf(minPerType: number): { batchSampler?: BatchSampler } {
  return minPerType > 0 ? { batchSampler: new ClassBalancedBatches({ minPerType }) } : {};
}
