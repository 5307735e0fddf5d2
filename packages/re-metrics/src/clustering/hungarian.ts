import { MetricsError } from "../shared/errors.js";
import type { Label, Labels } from "../shared/labels.js";
import { contingency } from "./contingency.js";

/** An optimal assignment of rows to columns. */
export interface Assignment {
  /** Column assigned to each row, or -1 when there are more rows than columns. */
  rowToColumn: Int32Array;
  /** Sum of the chosen costs. */
  total: number;
}

/**
 * Hungarian algorithm (shortest augmenting paths, O(n²m)) for a rectangular cost matrix:
 * assigns min(rows, columns) pairs minimizing (or, with `maximize`, maximizing) the total.
 * Applied to clusters vs gold labels it is TRANSDUCTIVE (it reads the gold labels of the
 * items being scored); see {@link mapClustersToLabels}.
 */
export function hungarian(
  cost: readonly (readonly number[])[],
  options: { maximize?: boolean } = {},
): Assignment {
  const rows = cost.length;
  const cols = rows > 0 ? cost[0]!.length : 0;
  cost.forEach((row, r) => {
    if (row.length !== cols) {
      throw new MetricsError(
        "INVALID_SHAPE",
        "cost",
        `row ${r} has ${row.length} columns, row 0 has ${cols}`,
        r,
      );
    }
    row.forEach((v, c) => {
      if (!Number.isFinite(v))
        throw new MetricsError("NON_FINITE_VALUE", "cost", `cost[${r}][${c}] is ${v}`, r);
    });
  });
  const sign = options.maximize ? -1 : 1;
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  const at = (i: number, j: number) => sign * (transpose ? cost[j]![i]! : cost[i]![j]!);
  // 1-based potentials u, v; p[j] = row matched to column j; way[j] = previous column on the path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const current = at(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (current < minv[j]!) {
          minv[j] = current;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToColumn = new Int32Array(rows).fill(-1);
  let total = 0;
  for (let j = 1; j <= m; j++) {
    if (p[j] === 0) continue;
    const [r, c] = transpose ? [j - 1, p[j]! - 1] : [p[j]! - 1, j - 1];
    rowToColumn[r] = c;
    total += cost[r]![c]!;
  }
  return { rowToColumn, total };
}

/** Result of {@link mapClustersToLabels}. */
export interface ClusterMapping {
  /** Gold label given to each cluster; `null` for clusters left over when there are more clusters than labels. */
  mapping: Map<Label, Label | null>;
  /** Each item's cluster replaced by its mapped label. */
  mapped: (Label | null)[];
  /** Fraction of items whose mapped label equals the gold label. */
  accuracy: number;
}

/**
 * One-to-one cluster → label mapping maximizing agreement (Hungarian on the contingency
 * table). TRANSDUCTIVE: it looks at the gold labels of the very items it scores, so the
 * resulting accuracy is optimistic and must not be reported as a held-out result.
 */
export function mapClustersToLabels(labelsTrue: Labels, labelsPred: Labels): ClusterMapping {
  const table = contingency(labelsTrue, labelsPred);
  const classes = firstSeen(labelsTrue);
  const clusters = firstSeen(labelsPred);
  const overlap = clusters.map(() => new Array<number>(classes.length).fill(0));
  for (let c = 0; c < table.cellCounts.length; c++) {
    overlap[table.cellCols[c]!]![table.cellRows[c]!] = table.cellCounts[c]!;
  }
  const { rowToColumn } = hungarian(overlap, { maximize: true });
  const mapping = new Map<Label, Label | null>();
  clusters.forEach((cluster, i) => {
    const column = rowToColumn[i]!;
    mapping.set(cluster, column >= 0 ? classes[column]! : null);
  });
  const mapped = Array.from(labelsPred, (cluster) => mapping.get(cluster) ?? null);
  let correct = 0;
  mapped.forEach((label, i) => {
    if (label === labelsTrue[i]) correct++;
  });
  return { mapping, mapped, accuracy: mapped.length === 0 ? 0 : correct / mapped.length };
}

/** Distinct labels in first-seen order (the order `contingency` numbers them). */
function firstSeen(labels: Labels): Label[] {
  const seen = new Set<Label>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]!);
  return [...seen];
}
