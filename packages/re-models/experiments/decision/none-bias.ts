// The None bias tuned on validation scores for one of three objectives (round 3.3): +type
// micro-F1 over candidate pairs (T, what tuneNoneBias does), pair micro-F1 (P: a predicted pair
// is a hit when the gold pair holds any relation) or their mean (M). One pass over the pairs
// sorted by margin; ties keep the highest cut and the bias sits between two margins, as
// tuneNoneBias places it.
import type { PairScores } from "../../src/index.js";
import { typeMargins } from "../../src/inference/decision.js";

export const NONE_BIAS_OBJECTIVES = ["T", "M", "P"] as const;
export type BiasObjective = (typeof NONE_BIAS_OBJECTIVES)[number];

// the same arithmetic as tuneNoneBias, so that T's ties break as today's
function f1(tp: number, predicted: number, gold: number): number {
  const precision = tp / predicted;
  const recall = gold === 0 ? 0 : tp / gold;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

const VALUE: Record<BiasObjective, (pair: number, pairType: number) => number> = {
  T: (_pair, pairType) => pairType,
  M: (pair, pairType) => (pair + pairType) / 2,
  P: (pair) => pair,
};

/** The None bias that maximises `objective` on these (validation) scores. */
export function tuneBiasFor(scores: PairScores, objective: BiasObjective): number {
  const { bestType, margin } = typeMargins(scores);
  const gold = scores.labelIds;
  const goldPositive = gold.reduce((n, g) => n + (g !== 0 ? 1 : 0), 0);
  const order = Array.from(margin.keys()).sort(
    (a, b) => (margin[b] as number) - (margin[a] as number),
  );
  let best = { bias: 0, value: -1 };
  let pairHits = 0;
  let typeHits = 0;
  for (let i = 0; i < order.length; i++) {
    const p = order[i] as number;
    if (gold[p] !== 0) {
      pairHits++;
      if (gold[p] === bestType[p]) typeHits++;
    }
    const next = order[i + 1];
    if (next !== undefined && margin[next] === margin[p]) continue;
    const value = VALUE[objective](
      f1(pairHits, i + 1, goldPositive),
      f1(typeHits, i + 1, goldPositive),
    );
    if (value > best.value) {
      const here = margin[p] as number;
      best = { bias: next === undefined ? here - 1 : ((margin[next] as number) + here) / 2, value };
    }
  }
  return best.value < 0 ? 0 : best.bias;
}
