/** Harmonic mean of precision and recall; 0 when both are 0 (sklearn's zero_division=0). */
export function f1FromPrecisionRecall(precision: number, recall: number): number {
  const sum = precision + recall;
  return sum === 0 ? 0 : (2 * precision * recall) / sum;
}
