import { logFactorial } from "./log-factorial.js";

/**
 * Reference EMI: sklearn's triple loop over every row, column and overlap n, with a
 * log-gamma evaluation per term — O(rows·cols·min(a, b)). For tests and the benchmark only.
 */
export function expectedMutualInfoNaive(
  rowSums: Float64Array,
  colSums: Float64Array,
  n: number,
): number {
  if (rowSums.length <= 1 || colSums.length <= 1) return 0;
  let emi = 0;
  for (const a of rowSums) {
    for (const b of colSums) {
      const start = Math.max(1, a - n + b);
      const end = Math.min(a, b);
      for (let nij = start; nij <= end; nij++) {
        const term2 = Math.log(n) + Math.log(nij) - Math.log(a) - Math.log(b);
        const gln =
          logFactorial(a) +
          logFactorial(b) +
          logFactorial(n - a) +
          logFactorial(n - b) -
          logFactorial(nij) -
          logFactorial(n) -
          logFactorial(a - nij) -
          logFactorial(b - nij) -
          logFactorial(n - a - b + nij);
        emi += (nij / n) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}
