import type { DecisionRule, PairScores } from "../model/relation-model.js";

/** Decisions for every scored pair. */
export interface PairDecisions {
  /** [P] predicted label id (0 = None). */
  labelIds: Int32Array;
  /** [P] softmax probability of the predicted type (of None for None pairs). */
  scores: Float32Array;
  /** [P] 1 = Novel, 0 = No (meaningful for predicted relations only). */
  novel: Uint8Array;
}

/**
 * Best non-None type and its margin over the None logit, per pair; with
 * `typeBias`, each type logit is offset by its bias first.
 */
export function typeMargins(
  scores: PairScores,
  typeBias?: readonly number[],
): { bestType: Int32Array; margin: Float32Array } {
  const { numPairs, numLabels, relationLogits } = scores;
  const bestType = new Int32Array(numPairs);
  const margin = new Float32Array(numPairs);
  const bias = (k: number) => (typeBias?.[k] ?? 0) as number;
  for (let p = 0; p < numPairs; p++) {
    const row = p * numLabels;
    let best = 1;
    let bestValue = (relationLogits[row + 1] as number) + bias(1);
    for (let k = 2; k < numLabels; k++) {
      const value = (relationLogits[row + k] as number) + bias(k);
      if (value > bestValue) {
        best = k;
        bestValue = value;
      }
    }
    bestType[p] = best;
    margin[p] = bestValue - (relationLogits[row] as number);
  }
  return { bestType, margin };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Applies a decision rule to raw pair scores. */
export function decide(scores: PairScores, rule: DecisionRule): PairDecisions {
  const { numPairs, numLabels, relationLogits, noveltyLogits } = scores;
  const { bestType, margin } = typeMargins(scores, rule.typeBias);
  const out: PairDecisions = {
    labelIds: new Int32Array(numPairs),
    scores: new Float32Array(numPairs),
    novel: new Uint8Array(numPairs),
  };
  for (let p = 0; p < numPairs; p++) {
    const row = p * numLabels;
    const label = (margin[p] as number) > rule.noneBias ? (bestType[p] as number) : 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < numLabels; k++) max = Math.max(max, relationLogits[row + k] as number);
    let sum = 0;
    for (let k = 0; k < numLabels; k++) sum += Math.exp((relationLogits[row + k] as number) - max);
    out.labelIds[p] = label;
    out.scores[p] = Math.exp((relationLogits[row + label] as number) - max) / sum;
    out.novel[p] = sigmoid(noveltyLogits[p] as number) > rule.noveltyThreshold ? 1 : 0;
  }
  return out;
}

/** Micro P/R/F1 over pairs where a hit needs the exact non-None label (pair + type). */
export function pairTypeMicroF1(
  predicted: Int32Array,
  gold: Int32Array,
): { precision: number; recall: number; f1: number } {
  let tp = 0;
  let predictedPositive = 0;
  let goldPositive = 0;
  for (let p = 0; p < gold.length; p++) {
    const g = gold[p] as number;
    const q = predicted[p] as number;
    if (q !== 0) predictedPositive++;
    if (g !== 0) goldPositive++;
    if (q !== 0 && q === g) tp++;
  }
  const precision = predictedPositive === 0 ? 0 : tp / predictedPositive;
  const recall = goldPositive === 0 ? 0 : tp / goldPositive;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * The None bias that maximizes pair+type micro-F1 on these (validation) scores:
 * pairs sorted by margin, every cut evaluated in one pass. With `typeBias`,
 * types are picked and margins measured after the per-type offsets.
 */
export function tuneNoneBias(
  scores: PairScores,
  typeBias?: readonly number[],
): { noneBias: number; f1: number } {
  const { noneBias, value } = bestNoneCut(scores, (_pair, pairType) => pairType, typeBias);
  return { noneBias, f1: value };
}

/** What a None cut is chosen to maximize, from its pair and pair+type micro-F1 over candidate pairs. */
export type NoneCutObjective = (pairF1: number, pairTypeF1: number) => number;

/**
 * The None bias that maximizes `objective` on these (validation) scores, and its value: pairs
 * sorted by margin, every cut between two distinct margins evaluated in one pass (ties keep the
 * highest cut). A predicted pair is a pair hit when its gold pair holds any relation, a
 * pair+type hit when the type matches too. `tuneNoneBias` is the pair+type objective.
 */
export function bestNoneCut(
  scores: PairScores,
  objective: NoneCutObjective,
  typeBias?: readonly number[],
): { noneBias: number; value: number } {
  const { bestType, margin } = typeMargins(scores, typeBias);
  const gold = scores.labelIds;
  const goldPositive = gold.reduce((n, g) => n + (g !== 0 ? 1 : 0), 0);
  const order = Array.from(margin.keys()).sort(
    (a, b) => (margin[b] as number) - (margin[a] as number),
  );
  const f1 = (tp: number, predicted: number) => {
    const precision = tp / predicted;
    const recall = goldPositive === 0 ? 0 : tp / goldPositive;
    return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  };
  let best = { noneBias: 0, value: -1 };
  let pairHits = 0;
  let typeHits = 0;
  for (let i = 0; i < order.length; i++) {
    const p = order[i] as number;
    if (gold[p] !== 0) {
      pairHits++;
      if (gold[p] === bestType[p]) typeHits++;
    }
    const next = order[i + 1];
    // only cut between distinct margins
    if (next !== undefined && margin[next] === margin[p]) continue;
    const value = objective(f1(pairHits, i + 1), f1(typeHits, i + 1));
    if (value > best.value) {
      const here = margin[p] as number;
      const bias = next === undefined ? here - 1 : ((margin[next] as number) + here) / 2;
      best = { noneBias: bias, value };
    }
  }
  if (best.value < 0) return { noneBias: 0, value: 0 };
  return best;
}

/** The novelty threshold that maximizes novelty accuracy on gold relations with known novelty. */
export function tuneNoveltyThreshold(scores: PairScores): number {
  const probs: number[] = [];
  const truth: number[] = [];
  for (let p = 0; p < scores.numPairs; p++) {
    const n = scores.novelIds[p] as number;
    if (scores.labelIds[p] === 0 || n < 0) continue;
    probs.push(sigmoid(scores.noveltyLogits[p] as number));
    truth.push(n);
  }
  if (probs.length === 0) return 0.5;
  let bestThreshold = 0.5;
  let bestCorrect = -1;
  for (let step = 1; step < 100; step++) {
    const threshold = step / 100;
    let correct = 0;
    probs.forEach((prob, i) => {
      if ((prob > threshold ? 1 : 0) === truth[i]) correct++;
    });
    // prefer thresholds closest to 0.5 on ties
    if (
      correct > bestCorrect ||
      (correct === bestCorrect && Math.abs(threshold - 0.5) < Math.abs(bestThreshold - 0.5))
    ) {
      bestCorrect = correct;
      bestThreshold = threshold;
    }
  }
  return bestThreshold;
}

/** Offsets tried per type by {@link tuneTypeBiases}, smallest first so ties keep the smaller one. */
const TYPE_BIAS_GRID = [0, -0.25, 0.25, -0.5, 0.5, -0.75, 0.75, -1, 1, -1.5, 1.5, -2, 2];

/**
 * Per-type logit offsets (and the None bias that goes with them) that
 * maximize pair+type micro-F1 on these (validation) scores: coordinate ascent,
 * each type in turn over a small grid of offsets (the best one wins), `rounds` times. Returns
 * zeros when nothing beats them. Tune on held-out data only.
 */
export function tuneTypeBiases(
  scores: PairScores,
  rounds = 2,
): { typeBias: number[]; noneBias: number; f1: number } {
  const typeBias = new Array<number>(scores.numLabels).fill(0);
  let best = tuneNoneBias(scores, typeBias);
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (let k = 1; k < scores.numLabels; k++) {
      let chosen = typeBias[k] as number;
      for (const offset of TYPE_BIAS_GRID) {
        if (offset === chosen) continue;
        typeBias[k] = offset;
        const tried = tuneNoneBias(scores, typeBias);
        // strictly better only: on ties the smaller offset, earlier in the grid, stays
        if (tried.f1 > best.f1 + 1e-9) {
          best = tried;
          chosen = offset;
          improved = true;
        }
        typeBias[k] = chosen;
      }
    }
    if (!improved) break;
  }
  return { typeBias, noneBias: best.noneBias, f1: best.f1 };
}

/**
 * The whole decision rule tuned on held-out scores: the None bias (with per-type offsets when
 * `typeBiases`, else none) and the novelty threshold. What training ends with, and what an
 * ensemble re-tunes on its averaged scores.
 */
export function tuneDecisionRule(scores: PairScores, typeBiases: boolean): DecisionRule {
  const types = typeBiases ? tuneTypeBiases(scores) : null;
  return {
    noneBias: types ? types.noneBias : tuneNoneBias(scores).noneBias,
    noveltyThreshold: tuneNoveltyThreshold(scores),
    ...(types ? { typeBias: types.typeBias } : {}),
  };
}
