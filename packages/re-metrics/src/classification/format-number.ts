/**
 * `value` with `digits` decimals, rounding exact ties to even like Python's `format`
 * (JavaScript's `toFixed` rounds ties away from zero, e.g. 0.125 -> "0.13" vs "0.12").
 */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value).toLowerCase();
  const plain = value.toFixed(digits);
  // toFixed(100) is the exact decimal expansion for the magnitudes reports show.
  const exact = Math.abs(value).toFixed(100);
  const dot = exact.indexOf(".");
  const rest = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(rest)) return plain;
  // Exact tie: keep the truncated value when its last digit is even.
  const truncated = exact.slice(0, dot + 1 + digits).replace(/\.$/, "");
  const lastDigit = Number(truncated[truncated.length - 1]);
  if (lastDigit % 2 !== 0) return plain;
  return (value < 0 ? "-" : "") + truncated;
}
