import { MetricsError } from "../shared/errors.js";
import { assertSameLength } from "../shared/labels.js";
import { createRandom } from "../shared/random.js";
import {
  type BootstrapOptions,
  type ConfidenceInterval,
  type ResamplingOptions,
  pick,
  resampleIndices,
  resolveResampling,
  summarize,
} from "./bootstrap.js";

/** Result of {@link pairedBootstrap}: is system A better than B on the same documents? */
export interface PairedBootstrapResult {
  /** statistic(A) − statistic(B) on all units, with a percentile CI of that difference. */
  difference: ConfidenceInterval;
  scoreA: number;
  scoreB: number;
  /**
   * One-sided p-value for "A beats B": (1 + #{resampled difference ≤ 0}) / (1 + iterations),
   * the add-one form so that it is never exactly 0.
   */
  pValue: number;
  /** Fraction of resamples where A scored higher than B. */
  winRate: number;
}

function checkPaired<T>(unitsA: readonly T[], unitsB: readonly T[]) {
  assertSameLength(unitsA, "unitsA", unitsB, "unitsB");
  if (unitsA.length === 0) throw new MetricsError("EMPTY_INPUT", "unitsA", "no units to compare");
}

/**
 * Paired bootstrap (Koehn 2004; Berg-Kirkpatrick et al. 2012): `unitsA[i]` and `unitsB[i]`
 * are the same document scored for systems A and B; each resample draws the same
 * documents for both and recomputes `statistic` (e.g. micro-F1 from summed counts).
 */
export function pairedBootstrap<T>(
  unitsA: readonly T[],
  unitsB: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions = {},
): PairedBootstrapResult {
  checkPaired(unitsA, unitsB);
  const { iterations, confidence, seed } = resolveResampling(options);
  const random = createRandom(seed);
  const differences = new Float64Array(iterations);
  let notBetter = 0;
  let wins = 0;
  for (let b = 0; b < iterations; b++) {
    const indices = resampleIndices(unitsA.length, random);
    const delta = statistic(pick(unitsA, indices)) - statistic(pick(unitsB, indices));
    differences[b] = delta;
    if (!(delta > 0)) notBetter++;
    if (delta > 0) wins++;
    options.onProgress?.(b + 1, iterations);
  }
  const scoreA = statistic(unitsA);
  const scoreB = statistic(unitsB);
  return {
    difference: summarize(scoreA - scoreB, differences, confidence),
    scoreA,
    scoreB,
    pValue: (1 + notBetter) / (1 + iterations),
    winRate: wins / iterations,
  };
}

/** Result of {@link pairedPermutationTest}. */
export interface PermutationTestResult {
  /** statistic(A) − statistic(B) on all units. */
  difference: number;
  scoreA: number;
  scoreB: number;
  /** Two-sided p-value: (1 + #{|permuted difference| ≥ |observed|}) / (1 + iterations). */
  pValue: number;
  iterations: number;
}

/**
 * Approximate randomization test: under the null hypothesis A and B are exchangeable, so
 * each resample swaps the two systems' outputs on every document with probability 1/2.
 */
export function pairedPermutationTest<T>(
  unitsA: readonly T[],
  unitsB: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: ResamplingOptions = {},
): PermutationTestResult {
  checkPaired(unitsA, unitsB);
  const { iterations, seed } = resolveResampling(options);
  const random = createRandom(seed);
  const scoreA = statistic(unitsA);
  const scoreB = statistic(unitsB);
  const observed = Math.abs(scoreA - scoreB);
  // Differences within float noise of the observed one count as "as extreme".
  const tolerance = 1e-12 * Math.max(1, observed);
  const n = unitsA.length;
  const swappedA = new Array<T>(n);
  const swappedB = new Array<T>(n);
  let extreme = 0;
  for (let r = 0; r < iterations; r++) {
    for (let i = 0; i < n; i++) {
      const swap = random.next() < 0.5;
      swappedA[i] = swap ? unitsB[i]! : unitsA[i]!;
      swappedB[i] = swap ? unitsA[i]! : unitsB[i]!;
    }
    const delta = Math.abs(statistic(swappedA) - statistic(swappedB));
    if (delta >= observed - tolerance) extreme++;
    options.onProgress?.(r + 1, iterations);
  }
  return {
    difference: scoreA - scoreB,
    scoreA,
    scoreB,
    pValue: (1 + extreme) / (1 + iterations),
    iterations,
  };
}
