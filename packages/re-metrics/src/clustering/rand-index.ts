import type { Labels } from "../shared/labels.js";
import { type Contingency, contingency } from "./contingency.js";

/**
 * Counts of ordered pairs of distinct items, as sklearn's `pair_confusion_matrix`:
 * `[[tn, fp], [fn, tp]]` where "positive" means "in the same predicted cluster".
 * Exact for n up to ~9·10^7 (counts stay below 2^53).
 */
export function pairConfusionMatrix(
  labelsTrue: Labels,
  labelsPred: Labels,
): [[number, number], [number, number]] {
  return pairCounts(contingency(labelsTrue, labelsPred));
}

function pairCounts(table: Contingency): [[number, number], [number, number]] {
  const { n, rowSums, colSums, cellRows, cellCols, cellCounts } = table;
  let sumSquares = 0;
  let dotCols = 0;
  let dotRows = 0;
  for (let c = 0; c < cellCounts.length; c++) {
    const v = cellCounts[c]!;
    sumSquares += v * v;
    dotCols += v * colSums[cellCols[c]!]!;
    dotRows += v * rowSums[cellRows[c]!]!;
  }
  const tp = sumSquares - n;
  const fp = dotCols - sumSquares;
  const fn = dotRows - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  return [
    [tn, fp],
    [fn, tp],
  ];
}

/**
 * Adjusted Rand index (Hubert & Arabie), as sklearn's `adjusted_rand_score`: 1 for identical
 * partitions (also for empty input or when both put everything in one cluster), ~0 for random.
 */
export function adjustedRandIndex(labelsTrue: Labels, labelsPred: Labels): number {
  const [[tn, fp], [fn, tp]] = pairCounts(contingency(labelsTrue, labelsPred));
  if (fn === 0 && fp === 0) return 1;
  // Products reach n^4 (~10^24 for a million items): multiply exactly with BigInt.
  const big = (x: number) => BigInt(x);
  const numerator = 2n * (big(tp) * big(tn) - big(fn) * big(fp));
  const denominator =
    (big(tp) + big(fn)) * (big(fn) + big(tn)) + (big(tp) + big(fp)) * (big(fp) + big(tn));
  return Number(numerator) / Number(denominator);
}

/** Unadjusted Rand index: fraction of item pairs on which the two partitions agree. */
export function randIndex(labelsTrue: Labels, labelsPred: Labels): number {
  const [[tn, fp], [fn, tp]] = pairCounts(contingency(labelsTrue, labelsPred));
  const total = tn + fp + fn + tp;
  return total === 0 ? 1 : (tn + tp) / total;
}
