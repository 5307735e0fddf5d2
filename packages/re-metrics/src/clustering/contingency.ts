import { type Labels, assertSameLength, checkLabels, encodeLabels } from "../shared/labels.js";

/** Sparse contingency table of two labelings: marginals and the non-zero cell counts. */
export interface Contingency {
  /** Number of items. */
  n: number;
  /** Items per gold class (row sums). */
  rowSums: Float64Array;
  /** Items per predicted cluster (column sums). */
  colSums: Float64Array;
  /** Row index, column index and count of each non-zero cell. */
  cellRows: Int32Array;
  cellCols: Int32Array;
  cellCounts: Float64Array;
}

const DENSE_LIMIT = 1 << 22;

/**
 * Validates two labelings (same length; each all-string or all-number, though the two may
 * differ in kind) and counts their co-occurrences.
 */
export function contingency(labelsTrue: Labels, labelsPred: Labels): Contingency {
  assertSameLength(labelsTrue, "labelsTrue", labelsPred, "labelsPred");
  checkLabels(labelsTrue, "labelsTrue");
  checkLabels(labelsPred, "labelsPred");
  const t = encodeLabels(labelsTrue);
  const p = encodeLabels(labelsPred);
  const n = labelsTrue.length;
  const rowSums = new Float64Array(t.count);
  const colSums = new Float64Array(p.count);
  for (let i = 0; i < n; i++) {
    rowSums[t.ids[i]!]!++;
    colSums[p.ids[i]!]!++;
  }
  const cells = t.count * p.count;
  const keys: number[] = [];
  const counts: number[] = [];
  if (cells <= DENSE_LIMIT) {
    const dense = new Float64Array(cells);
    for (let i = 0; i < n; i++) dense[t.ids[i]! * p.count + p.ids[i]!]!++;
    for (let key = 0; key < cells; key++) {
      if (dense[key]! > 0) {
        keys.push(key);
        counts.push(dense[key]!);
      }
    }
  } else {
    const sparse = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = t.ids[i]! * p.count + p.ids[i]!;
      sparse.set(key, (sparse.get(key) ?? 0) + 1);
    }
    for (const [key, count] of sparse) {
      keys.push(key);
      counts.push(count);
    }
  }
  const cellRows = new Int32Array(keys.length);
  const cellCols = new Int32Array(keys.length);
  keys.forEach((key, c) => {
    cellRows[c] = Math.floor(key / p.count);
    cellCols[c] = key % p.count;
  });
  return { n, rowSums, colSums, cellRows, cellCols, cellCounts: Float64Array.from(counts) };
}
