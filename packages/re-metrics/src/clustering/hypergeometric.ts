import { logFactorial } from "./log-factorial.js";

// Catherine Loader's saddle-point evaluation of binomial and hypergeometric probabilities
// ("Fast and accurate computation of binomial probabilities", 2000; R's dbinom/dhyper).
// It avoids the cancellation of ln(n!) terms that loses ~9 digits when n ~ 10^6.

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln(n!) − [(n + ½)·ln n − n + ½·ln 2π], the error of Stirling's formula. */
export function stirlingError(n: number): number {
  if (n <= 15) {
    if (n === 0) return 0;
    return logFactorial(n) - (n + 0.5) * Math.log(n) + n - HALF_LOG_TWO_PI;
  }
  const nn = n * n;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

/** x·ln(x/m) + m − x, computed without cancellation when x ≈ m (Loader's bd0). */
export function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    if (Math.abs(s) < Number.MIN_VALUE) return s;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
  }
  return x * Math.log(x / m) + m - x;
}

/** ln of the binomial probability of x successes in n trials, success p, failure q = 1 − p. */
function logBinomial(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -deviance(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -deviance(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  const lc =
    stirlingError(n) -
    stirlingError(x) -
    stirlingError(n - x) -
    deviance(x, n * p) -
    deviance(n - x, n * q);
  const lf = Math.log(2 * Math.PI) + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/**
 * ln P(overlap = x) when a set of size `a` and a set of size `b` are drawn at random among
 * `n` items (hypergeometric law), accurate to ~1e-14 even for n in the millions.
 */
export function logHypergeometric(x: number, a: number, b: number, n: number): number {
  const p = b / n;
  const q = (n - b) / n;
  return logBinomial(x, a, p, q) + logBinomial(b - x, n - a, p, q) - logBinomial(b, n, p, q);
}
