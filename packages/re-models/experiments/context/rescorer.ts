// The document-context re-scorer (summaries/context-rescoring-round29.md): a binary logistic
// regression (the library's softmax regression, 2 classes) over contextFeatures, fitted on the
// selection slice only — the network never trained on it. Its L2 is the lowest mean log-loss of
// 5-fold cross-validation over the slice's documents; the out-of-fold log-odds let the None
// bias be tuned on scores the re-scorer did not see, as it will meet the evaluation set.
import type { PairScores } from "../../src/index.js";
import { TYPER_L2_GRID } from "../../src/typer/fit-typer.js";
import {
  FeatureIndex,
  type SoftmaxRegression,
  type SparseExample,
  fitSoftmaxRegression,
  logProbabilities,
} from "../../src/typer/softmax-regression.js";
import { margins } from "./features.js";

/** Documents are split into this many folds to choose L2 and to score the slice out of fold. */
export const RESCORER_FOLDS = 5;

export interface Rescorer {
  index: FeatureIndex;
  model: SoftmaxRegression;
  l2: number;
}

export interface RescorerFit extends Rescorer {
  /** [P] the slice's out-of-fold log-odds (related vs None) at the chosen L2. */
  outOfFold: Float64Array;
  grid: { l2: number; logLoss: number }[];
}

const examplesOf = (features: readonly string[][], labels: Int32Array, index: FeatureIndex) =>
  features.map(
    (f, i): SparseExample => ({
      features: index.encode(f),
      label: (labels[i] as number) !== 0 ? 1 : 0,
      allowed: null,
    }),
  );

const logOdds = (model: SoftmaxRegression, features: Int32Array) => {
  const logp = logProbabilities(model, features, null);
  return (logp[1] as number) - (logp[0] as number);
};

/** Fits on `pairs` (indices) and returns the log-odds of `scored` (indices). */
function fitAndScore(
  features: readonly string[][],
  labels: Int32Array,
  train: readonly number[],
  scored: readonly number[],
  l2: number,
): Float64Array {
  const index = new FeatureIndex();
  const examples = examplesOf(
    train.map((i) => features[i] as string[]),
    Int32Array.from(train, (i) => labels[i] as number),
    index,
  );
  index.freeze();
  const model = fitSoftmaxRegression(examples, index.size, 2, { l2 });
  return Float64Array.from(scored, (i) => logOdds(model, index.encode(features[i] as string[])));
}

/**
 * Fits the re-scorer on the slice: `features` / `labels` per pair, `documentOf` the slice
 * document index of each pair (folds are whole documents, document d in fold d mod 5).
 */
export function fitRescorer(
  features: readonly string[][],
  labels: Int32Array,
  documentOf: Int32Array,
): RescorerFit {
  const folds = Array.from({ length: RESCORER_FOLDS }, () => ({
    train: [] as number[],
    test: [] as number[],
  }));
  documentOf.forEach((d, i) => {
    folds.forEach((fold, k) => {
      (d % RESCORER_FOLDS === k ? fold.test : fold.train).push(i);
    });
  });
  const outOfFoldAt = (l2: number) => {
    const out = new Float64Array(features.length);
    for (const fold of folds) {
      const scores = fitAndScore(features, labels, fold.train, fold.test, l2);
      fold.test.forEach((i, j) => {
        out[i] = scores[j] as number;
      });
    }
    return out;
  };
  const grid: { l2: number; logLoss: number }[] = [];
  let best: { l2: number; logLoss: number; outOfFold: Float64Array } | undefined;
  // strongest first: a tie keeps the stronger regularisation
  for (const l2 of [...TYPER_L2_GRID].sort((a, b) => b - a)) {
    const outOfFold = outOfFoldAt(l2);
    let loss = 0;
    outOfFold.forEach((z, i) => {
      const y = (labels[i] as number) !== 0 ? 1 : 0;
      // −log sigmoid(±z), computed stably
      const s = y === 1 ? -z : z;
      loss += s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    });
    const logLoss = loss / outOfFold.length;
    grid.push({ l2, logLoss });
    if (!best || logLoss < best.logLoss - 1e-9) best = { l2, logLoss, outOfFold };
  }
  const chosen = best as NonNullable<typeof best>;
  const index = new FeatureIndex();
  const examples = examplesOf(features, labels, index);
  index.freeze();
  const model = fitSoftmaxRegression(examples, index.size, 2, { l2: chosen.l2 });
  return { index, model, l2: chosen.l2, outOfFold: chosen.outOfFold, grid: grid.reverse() };
}

/** [P] the re-scorer's log-odds of every pair. */
export function rescorerLogOdds(rescorer: Rescorer, features: readonly string[][]): Float64Array {
  return Float64Array.from(features, (f) => logOdds(rescorer.model, rescorer.index.encode(f)));
}

/**
 * The scores with each pair's None logit set so that (best allowed type − None) equals the
 * re-scorer's log-odds: the pair decision is the re-scorer's, the type stays the fused argmax.
 */
export function rescored(scores: PairScores, logOddsOf: Float64Array): PairScores {
  if (logOddsOf.length !== scores.numPairs)
    throw new RangeError(`log-odds for ${logOddsOf.length} pairs, scores for ${scores.numPairs}`);
  const l = scores.numLabels;
  const logits = Float32Array.from(scores.relationLogits);
  const m = margins(scores);
  for (let p = 0; p < scores.numPairs; p++) {
    const none = logits[p * l] as number;
    // best type = none + m; the new None puts the margin at the log-odds
    logits[p * l] = none + (m[p] as number) - (logOddsOf[p] as number);
  }
  return { ...scores, relationLogits: logits };
}
