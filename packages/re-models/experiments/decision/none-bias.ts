// The None bias tuned on validation scores for one of three objectives (round 3.3): +type
// micro-F1 over candidate pairs (T, what tuneNoneBias does), pair micro-F1 (P: a predicted pair
// is a hit when the gold pair holds any relation) or their mean (M); the library's cut search.
import type { PairScores } from "../../src/index.js";
import { type NoneCutObjective, bestNoneCut } from "../../src/inference/decision.js";

export const NONE_BIAS_OBJECTIVES = ["T", "M", "P"] as const;
export type BiasObjective = (typeof NONE_BIAS_OBJECTIVES)[number];

const VALUE: Record<BiasObjective, NoneCutObjective> = {
  T: (_pair, pairType) => pairType,
  M: (pair, pairType) => (pair + pairType) / 2,
  P: (pair) => pair,
};

/** The None bias that maximises `objective` on these (validation) scores. */
export function tuneBiasFor(scores: PairScores, objective: BiasObjective): number {
  return bestNoneCut(scores, VALUE[objective]).noneBias;
}
