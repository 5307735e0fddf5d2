// A linear pair detector (issue 19, round 2.5, helper 42): relation vs None over the typer's
// sparse pair features, a 2-class softmax regression (the library's, not a copy) fitted on
// ALL candidate pairs of the fit documents; its L2 chosen by mean log-loss over all pairs of
// the held-out slice (the typer's rule). Fused into the None decision: the None logit of
// every pair gets - v x the detector's log-odds, i.e. its log-odds are added to every type
// logit relative to None (summaries/detector-fusion-cv-round25.md).
import type { PairScores } from "../../src/index.js";
import { TYPER_L2_GRID } from "../../src/typer/fit-typer.js";
import {
  FeatureIndex,
  type SoftmaxRegression,
  type SparseExample,
  fitSoftmaxRegression,
  logProbabilities,
} from "../../src/typer/softmax-regression.js";
import type { TyperPairs } from "./typer.js";

/** The pre-registered grid of detector weights v, fixed before any run. */
export const DETECTOR_WEIGHTS = [0, 0.1, 0.25, 0.5, 0.75, 1];
/** The typer's weight beside the detector: the library default (typer-fusion-cv-round25.md). */
export const TYPER_WEIGHT = 0.75;

/** A fitted detector: class 1 = related, 0 = None. */
export interface Detector {
  index: FeatureIndex;
  model: SoftmaxRegression;
  l2: number;
}

/** What the detector reads of its examples: features and a label (0 = None, else related). */
export type DetectorExamples = Pick<TyperPairs, "features" | "labelIds">;

const examplesOf = (pairs: DetectorExamples, index: FeatureIndex): SparseExample[] =>
  pairs.features.map((features, i) => ({
    features: index.encode(features),
    label: (pairs.labelIds[i] as number) !== 0 ? 1 : 0,
    allowed: null,
  }));

/** Mean log-loss and accuracy (at p = 0.5) of a detector on every pair of `pairs`. */
export function detectorQuality(
  detector: Detector,
  pairs: DetectorExamples,
): { logLoss: number; accuracy: number; n: number } {
  const examples = examplesOf(pairs, detector.index);
  let loss = 0;
  let right = 0;
  for (const ex of examples) {
    const logp = logProbabilities(detector.model, ex.features, null);
    loss -= logp[ex.label] as number;
    if (((logp[1] as number) > (logp[0] as number) ? 1 : 0) === ex.label) right++;
  }
  return { logLoss: loss / examples.length, accuracy: right / examples.length, n: examples.length };
}

/**
 * Fits the detector on every pair of `fit` for each L2 strength of the typer's grid and keeps
 * the lowest held-out log-loss over all pairs of `heldOut` (ties: the stronger regularisation).
 */
export function fitDetector(
  fit: DetectorExamples,
  heldOut: DetectorExamples,
  log: (line: string) => void,
): Detector & { grid: { l2: number; logLoss: number; accuracy: number; iterations: number }[] } {
  const index = new FeatureIndex();
  const examples = examplesOf(fit, index);
  index.freeze();
  const positives = examples.filter((ex) => ex.label === 1).length;
  log(`detector: ${examples.length} fit pairs (${positives} related), ${index.size} features`);
  const grid: { l2: number; logLoss: number; accuracy: number; iterations: number }[] = [];
  let best: Detector | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  // strongest first, so a tie keeps the stronger regularisation
  for (const l2 of [...TYPER_L2_GRID].sort((a, b) => b - a)) {
    const model = fitSoftmaxRegression(examples, index.size, 2, { l2 });
    const detector = { index, model, l2 };
    const q = detectorQuality(detector, heldOut);
    grid.push({ l2, logLoss: q.logLoss, accuracy: q.accuracy, iterations: model.iterations });
    log(
      `detector l2 ${l2}: held-out log-loss ${q.logLoss.toFixed(4)}, accuracy ${(100 * q.accuracy).toFixed(1)} % over ${q.n} pairs (${model.iterations} L-BFGS iterations)`,
    );
    if (!best || q.logLoss < bestLoss - 1e-9) {
      bestLoss = q.logLoss;
      best = detector;
    }
  }
  return { ...(best as Detector), grid: grid.reverse() };
}

/** [P] the detector's log-odds log p(related) - log p(None) of every pair. */
export function detectorLogOdds(detector: Detector, pairs: TyperPairs): Float64Array {
  return Float64Array.from(pairs.features, (features) => {
    const logp = logProbabilities(detector.model, detector.index.encode(features), null);
    return (logp[1] as number) - (logp[0] as number);
  });
}

/** The scores with the None logit of pair p lowered by v x logOdds[p] (v = 0: unchanged). */
export function fuseDetector(scores: PairScores, logOdds: Float64Array, v: number): PairScores {
  if (logOdds.length !== scores.numPairs)
    throw new RangeError(
      `detector log-odds for ${logOdds.length} pairs, scores for ${scores.numPairs}`,
    );
  const l = scores.numLabels;
  const logits = Float32Array.from(scores.relationLogits);
  for (let p = 0; p < scores.numPairs; p++)
    logits[p * l] = (logits[p * l] as number) - v * (logOdds[p] as number);
  return { ...scores, relationLogits: logits };
}
