import { MetricsError } from "../shared/errors.js";

/**
 * Value used where a ratio has a zero denominator, as sklearn's `zero_division`:
 * 0, 1 or NaN (NaN scores are then left out of macro/weighted averages).
 */
export type ZeroDivision = 0 | 1 | typeof Number.NaN;

/** Throws INVALID_OPTION unless `value` is 0, 1 or NaN. */
export function checkZeroDivision(value: number, argument = "options.zeroDivision"): ZeroDivision {
  if (value === 0 || value === 1 || Number.isNaN(value)) return value;
  throw new MetricsError("INVALID_OPTION", argument, `must be 0, 1 or NaN, got ${value}`);
}

/** `numerator / denominator`, or `zeroDivision` when the denominator is 0. */
export function safeDivide(numerator: number, denominator: number, zeroDivision: number): number {
  return denominator === 0 ? zeroDivision : numerator / denominator;
}

/** Precision, recall and F-beta from counts, exactly as sklearn computes them. */
export interface CountScores {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Scores from true-positive, false-positive and false-negative counts. F is computed as
 * (1+β²)·tp / ((1+β²)·tp + β²·fn + fp) like sklearn ≥ 1.3, so it is `zeroDivision` only
 * when there is neither a gold nor a predicted item.
 */
export function scoresFromCounts(
  tp: number,
  fp: number,
  fn: number,
  zeroDivision: number = 0,
  beta = 1,
): CountScores {
  const beta2 = beta * beta;
  return {
    precision: safeDivide(tp, tp + fp, zeroDivision),
    recall: safeDivide(tp, tp + fn, zeroDivision),
    f1: safeDivide((1 + beta2) * tp, (1 + beta2) * tp + beta2 * fn + fp, zeroDivision),
  };
}

/** Harmonic mean of precision and recall; 0 when both are 0 (sklearn's zero_division=0). */
export function f1FromPrecisionRecall(precision: number, recall: number): number {
  const sum = precision + recall;
  return sum === 0 ? 0 : (2 * precision * recall) / sum;
}
