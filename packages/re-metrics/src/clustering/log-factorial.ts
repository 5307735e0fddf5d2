const SMALL = 32;
const smallTable = (() => {
  const table = new Float64Array(SMALL + 1);
  let factorial = 1;
  for (let n = 2; n <= SMALL; n++) {
    factorial *= n;
    table[n] = Math.log(factorial);
  }
  return table;
})();

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln(n!) for a non-negative integer n, to within a few ulps: exact products below 33,
 * the Stirling series (error < 1e-17 for n > 32) above.
 */
export function logFactorial(n: number): number {
  if (n <= SMALL) return smallTable[n]!;
  const inv = 1 / n;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680))));
  return n * Math.log(n) - n + HALF_LOG_TWO_PI + 0.5 * Math.log(n) + series;
}
