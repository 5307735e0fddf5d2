// Small statistics for the epoch-selection analysis: mean, sample SD and a t-interval.

export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Sample standard deviation (n − 1). */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Two-sided 95 % quantiles of Student's t (df 1..30; larger df: 30's value, slightly wide). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/** Two-sided 97.5 % quantiles of Student's t (the 0.9875 quantile), df 29 only: round 3.3's second look. */
const T9875: Readonly<Record<number, number>> = { 29: 2.364 };

/** Mean and t-interval of the mean of `xs`: 95 % (df 1..30), or 97.5 % where T9875 has the df. */
export function tInterval(
  xs: readonly number[],
  level: 95 | 97.5 = 95,
): { mean: number; lower: number; upper: number } {
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, lower: Number.NaN, upper: Number.NaN };
  const t =
    level === 95
      ? (T975[Math.min(xs.length - 1, T975.length) - 1] as number)
      : T9875[xs.length - 1];
  if (t === undefined) throw new Error(`no 97.5 % t quantile for ${xs.length - 1} df`);
  const half = (t * sd(xs)) / Math.sqrt(xs.length);
  return { mean: m, lower: m - half, upper: m + half };
}

/** "+m [lower, upper]" of `xs`'s 95 % t-interval, two decimals: a paired difference in a table. */
export function formatInterval(xs: readonly number[]): string {
  const t = tInterval(xs);
  return `${t.mean >= 0 ? "+" : ""}${t.mean.toFixed(2)} [${t.lower.toFixed(2)}, ${t.upper.toFixed(2)}]`;
}
