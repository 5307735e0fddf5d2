import { MetricsError } from "../shared/errors.js";
import { type Labels, assertSameLength, checkLabels, encodeLabels } from "../shared/labels.js";
import {
  type DenseMatrix,
  type DistanceMetric,
  type Embeddings,
  type ProgressCallback,
  checkMetric,
  normalizeRows,
  toDenseMatrix,
} from "../shared/matrix.js";
import { checkSeed, createRandom } from "../shared/random.js";

/** Options of {@link retrievalMetrics}. */
export interface RetrievalOptions {
  /** Distance used to rank neighbours (default `euclidean`; `cosine` ranks like L2 on unit vectors). */
  metric?: DistanceMetric;
  /** Average per class first, then over classes (pytorch-metric-learning's `avg_of_avgs`). */
  averagePerClass?: boolean;
  /** Called every 64 queries and at the end (done, total queries). */
  onProgress?: ProgressCallback;
  /**
   * Score only this many randomly drawn queries (each still ranks *all* other points), an
   * unbiased estimate for large n; `queries` in the result tells how many were scored.
   */
  maxQueries?: number;
  /** Seed of the query draw (default 0). */
  seed?: number;
}

/** Embedding quality as retrieval, pytorch-metric-learning's `AccuracyCalculator` definitions. */
export interface RetrievalMetrics {
  /** Fraction of queries whose nearest other point shares their label. */
  precisionAt1: number;
  /** Mean over queries of (same-label points among the R nearest) / R, R = other points of the query's label. */
  rPrecision: number;
  /** Mean over queries of MAP@R (Musgrave et al. 2020). */
  meanAveragePrecisionAtR: number;
  /** Queries scored. */
  queries: number;
  /** Queries left out because no other point has their label (PML's "lone" queries). */
  loneQueries: number;
}

/**
 * Precision@1, R-precision and MAP@R with every point as a query against all the others
 * (the query is never in its own reference set). Ties in distance are broken by index.
 * Queries whose label has no other member are skipped, as in pytorch-metric-learning;
 * with no scorable query all three metrics are 0.
 */
export function retrievalMetrics(
  embeddings: Embeddings,
  labels: Labels,
  options: RetrievalOptions = {},
): RetrievalMetrics {
  const metric = checkMetric(options.metric ?? "euclidean");
  let matrix = toDenseMatrix(embeddings);
  assertSameLength({ length: matrix.rows }, "embeddings (rows)", labels, "labels");
  checkLabels(labels, "labels");
  if (metric === "cosine") matrix = normalizeRows(matrix);
  const { ids, count: k } = encodeLabels(labels);
  const n = matrix.rows;
  const classSizes = new Int32Array(k);
  for (let i = 0; i < n; i++) classSizes[ids[i]!]!++;

  const perQuery = { p1: new Float64Array(n), rp: new Float64Array(n), map: new Float64Array(n) };
  const scored = new Uint8Array(n);
  const distances = new Float64Array(n);
  const scratch = new Float64Array(n);
  const queryOrder = chooseQueries(n, options);
  for (let t = 0; t < queryOrder.length; t++) {
    const q = queryOrder[t]!;
    if (t % 64 === 0) options.onProgress?.(t, queryOrder.length);
    const r = classSizes[ids[q]!]! - 1;
    if (r === 0) continue;
    scored[q] = 1;
    distancesFrom(matrix, q, metric, distances);
    const neighbours = nearest(distances, q, r, scratch);
    let hits = 0;
    let precisionSum = 0;
    for (let rank = 0; rank < r; rank++) {
      if (ids[neighbours[rank]!] === ids[q]) {
        hits++;
        precisionSum += hits / (rank + 1);
      }
    }
    perQuery.p1[q] = ids[neighbours[0]!] === ids[q] ? 1 : 0;
    perQuery.rp[q] = hits / r;
    perQuery.map[q] = precisionSum / r;
  }
  options.onProgress?.(queryOrder.length, queryOrder.length);
  const average = (values: Float64Array) =>
    options.averagePerClass ? classAverage(values, scored, ids, k) : plainAverage(values, scored);
  const queries = scored.reduce((a, b) => a + b, 0);
  return {
    precisionAt1: average(perQuery.p1),
    rPrecision: average(perQuery.rp),
    meanAveragePrecisionAtR: average(perQuery.map),
    queries,
    loneQueries: queryOrder.length - queries,
  };
}

/** All points in order, or a seeded random subset of `maxQueries` of them (sorted). */
function chooseQueries(n: number, options: RetrievalOptions): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (options.maxQueries === undefined) return all;
  const m = options.maxQueries;
  if (!Number.isSafeInteger(m) || m < 1) {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.maxQueries",
      `must be a positive integer, got ${m}`,
    );
  }
  if (m >= n) return all;
  const random = createRandom(checkSeed(options.seed ?? 0));
  for (let i = 0; i < m; i++) {
    const j = i + random.nextInt(n - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.subarray(0, m).sort();
}

function plainAverage(values: Float64Array, scored: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!scored[i]) continue;
    sum += values[i]!;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

function classAverage(
  values: Float64Array,
  scored: Uint8Array,
  ids: Int32Array,
  k: number,
): number {
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (let i = 0; i < values.length; i++) {
    if (!scored[i]) continue;
    sums[ids[i]!]! += values[i]!;
    counts[ids[i]!]!++;
  }
  let total = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    total += sums[c]! / counts[c]!;
    classes++;
  }
  return classes === 0 ? 0 : total / classes;
}

function distancesFrom(matrix: DenseMatrix, q: number, metric: DistanceMetric, out: Float64Array) {
  const { data, rows, dim } = matrix;
  const oq = q * dim;
  for (let j = 0; j < rows; j++) {
    const oj = j * dim;
    let acc = 0;
    if (metric === "euclidean") {
      for (let c = 0; c < dim; c++) {
        const d = data[oq + c]! - data[oj + c]!;
        acc += d * d;
      }
    } else {
      for (let c = 0; c < dim; c++) acc += data[oq + c]! * data[oj + c]!;
      acc = 1 - acc;
    }
    out[j] = acc;
  }
}

/** Indices of the `count` points nearest to `query` (itself excluded), ties broken by index. */
function nearest(
  distances: Float64Array,
  query: number,
  count: number,
  scratch: Float64Array,
): number[] {
  // Find the count-th smallest distance among the others with a selection, then sort the few
  // candidates at or below it: O(n + count·log count) instead of a full sort.
  let m = 0;
  for (let j = 0; j < distances.length; j++) if (j !== query) scratch[m++] = distances[j]!;
  const threshold = select(scratch, m, count - 1);
  const candidates: number[] = [];
  for (let j = 0; j < distances.length; j++) {
    if (j !== query && distances[j]! <= threshold) candidates.push(j);
  }
  candidates.sort((a, b) => distances[a]! - distances[b]! || a - b);
  return candidates.slice(0, count);
}

/** The k-th smallest (0-based) of values[0..length) — Hoare quickselect, reorders `values`. */
function select(values: Float64Array, length: number, k: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}
