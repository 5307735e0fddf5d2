/**
 * Offers candidate `j` with `score` to a row's best `size`, kept largest first in `idx` / `val`
 * (a bounded insertion; ties keep the earlier candidate). Returns how many are kept now.
 */
export function insertTopK(
  size: number,
  idx: Int32Array,
  val: Float64Array,
  count: number,
  j: number,
  score: number,
): number {
  if (count === size && score <= val[count - 1]!) return count;
  let pos = count < size ? count++ : count - 1;
  while (pos > 0 && val[pos - 1]! < score) {
    val[pos] = val[pos - 1]!;
    idx[pos] = idx[pos - 1]!;
    pos--;
  }
  val[pos] = score;
  idx[pos] = j;
  return count;
}
