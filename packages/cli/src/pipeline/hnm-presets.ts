// Named HNM recipes for the command line. The library (re-models) takes
// hard-negative-miner instances only; names live here, where a user types them.
import {
  type BaseMetricLoss,
  type BaseMiner,
  BatchEasyHardMiner,
  BatchHardMiner,
  CircleLoss,
  ContrastiveLoss,
  HardNegativeContrastiveLoss,
  MultiSimilarityLoss,
  MultiSimilarityMiner,
  NTXentLoss,
  SupConLoss,
  TripletMarginLoss,
  TopKHardNegativesMiner,
  TopKHardPairsMiner,
  TripletMarginMiner,
} from "@biore/hard-negative-miner";
import type { HnmOptions } from "@biore/re-models";
import { InvalidArgumentError, Option } from "commander";

/** Miner names `--hnm-miner` accepts. */
export const HNM_MINERS = [
  "top-k-pairs",
  "top-k",
  "multi-similarity",
  "batch-hard",
  "batch-easy-hard",
  "semihard",
  "none",
] as const;
/** Loss names `--hnm-loss` accepts (every loss of hard-negative-miner). */
export const HNM_LOSSES = [
  "supcon",
  "ntxent",
  "triplet",
  "contrastive",
  "multi-similarity",
  "circle",
  "hard-negative-contrastive",
] as const;

/** What the HNM flags say; each number is one setting of one part (none means two things). */
export interface HnmPreset {
  hnmMiner: (typeof HNM_MINERS)[number];
  hnmLoss: (typeof HNM_LOSSES)[number];
  /** Multi-similarity miner's epsilon. */
  hnmEpsilon: number;
  /** Negatives kept per anchor by the top-k and top-k-pairs miners. */
  hnmK: number;
  /** Positives kept per anchor (its farthest ones) by the top-k-pairs miner. */
  hnmPositives: number;
  /** Temperature of supcon / ntxent. */
  hnmTemperature: number;
  /** Margin of the triplet loss and of the semi-hard triplet miner. */
  hnmMargin: number;
  /** Weight of the contrastive term. */
  hnmWeight: number;
  /** Whether None pairs enter the contrastive term. */
  contrastNone: boolean;
}

/** The recipe `biore train --model hnm` and `biore compare` use unless told otherwise. */
export const HNM_DEFAULTS: HnmPreset = {
  hnmMiner: "top-k-pairs",
  hnmLoss: "supcon",
  hnmEpsilon: 0.1,
  hnmK: 32,
  hnmPositives: 4,
  hnmTemperature: 0.1,
  hnmMargin: 0.2,
  hnmWeight: 0.2,
  contrastNone: false,
};

function minerOf(preset: HnmPreset): BaseMiner | null {
  switch (preset.hnmMiner) {
    case "top-k-pairs":
      return new TopKHardPairsMiner({ negatives: preset.hnmK, positives: preset.hnmPositives });
    case "top-k":
      return new TopKHardNegativesMiner({ k: preset.hnmK });
    case "multi-similarity":
      return new MultiSimilarityMiner({ epsilon: preset.hnmEpsilon });
    case "batch-hard":
      return new BatchHardMiner();
    case "batch-easy-hard":
      return new BatchEasyHardMiner();
    case "semihard":
      return new TripletMarginMiner({ margin: preset.hnmMargin, typeOfTriplets: "semihard" });
    case "none":
      return null;
  }
}

function lossOf(preset: HnmPreset): BaseMetricLoss {
  switch (preset.hnmLoss) {
    case "supcon":
      return new SupConLoss({ temperature: preset.hnmTemperature });
    case "ntxent":
      return new NTXentLoss({ temperature: preset.hnmTemperature });
    case "triplet":
      return new TripletMarginLoss({ margin: preset.hnmMargin });
    case "contrastive":
      return new ContrastiveLoss();
    case "multi-similarity":
      return new MultiSimilarityLoss();
    case "circle":
      return new CircleLoss();
    case "hard-negative-contrastive":
      return new HardNegativeContrastiveLoss({ temperature: preset.hnmTemperature });
  }
}

/** Fresh hard-negative-miner instances for one training run. */
export function hnmOptionsOf(preset: HnmPreset): HnmOptions {
  return {
    loss: lossOf(preset),
    miner: minerOf(preset),
    weight: preset.hnmWeight,
    contrastNone: preset.contrastNone,
  };
}

function numberOption(name: string, min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(
        `${name} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}], got "${value}"`,
      );
    return n;
  };
}

/** The HNM flags, for `train` and `compare`. */
export function hnmCliOptions(): Option[] {
  return [
    new Option("--hnm-miner <name>", "HNM: hard-negative miner")
      .choices([...HNM_MINERS])
      .default(HNM_DEFAULTS.hnmMiner),
    new Option("--hnm-loss <name>", "HNM: metric loss")
      .choices([...HNM_LOSSES])
      .default(HNM_DEFAULTS.hnmLoss),
    new Option("--hnm-epsilon <x>", "HNM: multi-similarity miner epsilon")
      .argParser(numberOption("--hnm-epsilon", 0, 2))
      .default(HNM_DEFAULTS.hnmEpsilon),
    new Option("--hnm-k <n>", "HNM: negatives kept per anchor by the top-k and top-k-pairs miners")
      .argParser(numberOption("--hnm-k", 1, 4096, true))
      .default(HNM_DEFAULTS.hnmK),
    new Option("--hnm-positives <n>", "HNM: positives kept per anchor by the top-k-pairs miner")
      .argParser(numberOption("--hnm-positives", 1, 4096, true))
      .default(HNM_DEFAULTS.hnmPositives),
    new Option("--hnm-temperature <x>", "HNM: temperature of supcon/ntxent")
      .argParser(numberOption("--hnm-temperature", 1e-3, 10))
      .default(HNM_DEFAULTS.hnmTemperature),
    new Option("--hnm-margin <x>", "HNM: margin of the triplet loss and semi-hard miner")
      .argParser(numberOption("--hnm-margin", 0, 4))
      .default(HNM_DEFAULTS.hnmMargin),
    new Option("--hnm-weight <x>", "HNM: weight of the contrastive term")
      .argParser(numberOption("--hnm-weight", 0, 100))
      .default(HNM_DEFAULTS.hnmWeight),
    new Option("--contrast-none", "HNM: let None pairs into the contrastive term too").default(
      HNM_DEFAULTS.contrastNone,
    ),
  ];
}
