import { logHypergeometric } from "./hypergeometric.js";

/** Counts of each distinct value of a marginal. */
function distinctCounts(marginal: Float64Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of marginal) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Hypergeometric terms below this fraction of the mode's are negligible (log-concave tails). */
const TAIL = 1e-18;

/**
 * Σ over n of (n/N)·ln(N·n/(a·b))·P(n), P the hypergeometric law of the overlap of a row of
 * size a and a column of size b among N items. Starts at the mode (one saddle-point evaluation)
 * and walks outward with the ratio P(n+1)/P(n) = (a−n)(b−n) / ((n+1)(N−a−b+n+1)), stopping
 * once terms are negligible, so the cost is O(√variance) rather than O(min(a, b)).
 */
export function expectedOverlapInfo(a: number, b: number, N: number): number {
  const lo = Math.max(0, a + b - N);
  const hi = Math.min(a, b);
  let mode = Math.floor(((a + 1) * (b + 1)) / (N + 2));
  mode = Math.min(Math.max(mode, lo), hi);
  const logMode = logHypergeometric(mode, a, b, N);
  const pMode = Math.exp(logMode);
  const logNab = Math.log(N) - Math.log(a) - Math.log(b);
  const term = (n: number, p: number) => (n === 0 ? 0 : (n / N) * (logNab + Math.log(n)) * p);
  let sum = term(mode, pMode);
  let p = pMode;
  for (let n = mode; n < hi; n++) {
    p *= ((a - n) * (b - n)) / ((n + 1) * (N - a - b + n + 1));
    sum += term(n + 1, p);
    if (p < TAIL * pMode) break;
  }
  p = pMode;
  for (let n = mode; n > lo && n > 1; n--) {
    p *= (n * (N - a - b + n)) / ((a - n + 1) * (b - n + 1));
    sum += term(n - 1, p);
    if (p < TAIL * pMode) break;
  }
  return sum;
}

/**
 * Expected mutual information (nats) of two random labelings with the given marginals
 * (Vinh et al. 2010), the correction term of AMI. Rows and columns with equal sizes share
 * their terms, so the cost is (#distinct row sizes)·(#distinct column sizes)·O(√variance).
 */
export function expectedMutualInfo(
  rowSums: Float64Array,
  colSums: Float64Array,
  n: number,
): number {
  if (rowSums.length <= 1 || colSums.length <= 1) return 0;
  const rows = distinctCounts(rowSums);
  const cols = distinctCounts(colSums);
  let emi = 0;
  for (const [a, rowMultiplicity] of rows) {
    for (const [b, colMultiplicity] of cols) {
      emi += rowMultiplicity * colMultiplicity * expectedOverlapInfo(a, b, n);
    }
  }
  return emi;
}
