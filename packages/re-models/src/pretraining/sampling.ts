/** The two sampling tables of word2vec: negatives from unigram^0.75, and frequent-word subsampling. */

/** Exponent of the noise distribution (Mikolov et al. 2013). */
const NOISE_POWER = 0.75;

/**
 * A table of ids where each id occupies a share of slots proportional to count^0.75, so a
 * uniform slot index draws a negative sample in O(1). Ids with zero count never appear.
 */
export function unigramTable(counts: Float64Array, size: number): Int32Array {
  const table = new Int32Array(size);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += (counts[i] as number) ** NOISE_POWER;
  if (total === 0) return table;
  let slot = 0;
  let cumulative = 0;
  let last = 0;
  for (let id = 0; id < counts.length; id++) {
    const count = counts[id] as number;
    if (count === 0) continue;
    cumulative += count ** NOISE_POWER / total;
    const end = Math.min(size, Math.round(cumulative * size));
    while (slot < end) table[slot++] = id;
    last = id;
  }
  while (slot < size) table[slot++] = last;
  return table;
}

/**
 * Probability of keeping one occurrence of each id (word2vec's formula): words much more
 * frequent than `threshold` of the corpus are dropped often, rare words always kept.
 * `threshold <= 0` keeps everything.
 */
export function keepProbabilities(counts: Float64Array, threshold: number): Float64Array {
  const keep = new Float64Array(counts.length).fill(1);
  if (!(threshold > 0)) return keep;
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  const scaled = threshold * total;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] as number;
    if (count > 0) keep[i] = Math.min(1, (Math.sqrt(count / scaled) + 1) * (scaled / count));
  }
  return keep;
}
