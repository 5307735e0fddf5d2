import { dot, dot4, squaredDistance, squaredDistance4 } from "@biore/internal";
import { MetricsError } from "./errors.js";

/**
 * Row-major embeddings: either one typed array per row, or a flat array with its row width.
 * Float32 values (as tfjs gives them) are read as float64 for all arithmetic.
 */
export type Embeddings =
  | readonly (Float32Array | Float64Array | readonly number[])[]
  | { data: Float32Array | Float64Array; dim: number };

/** A validated dense matrix in float64. */
export interface DenseMatrix {
  data: Float64Array;
  rows: number;
  dim: number;
}

/**
 * Copies embeddings into a float64 matrix, refusing ragged rows (INVALID_SHAPE) and NaN or
 * infinite values (NON_FINITE_VALUE, `index` = row).
 */
export function toDenseMatrix(embeddings: Embeddings, argument = "embeddings"): DenseMatrix {
  let data: Float64Array;
  let rows: number;
  let dim: number;
  if (Array.isArray(embeddings)) {
    const list = embeddings as readonly ArrayLike<number>[];
    rows = list.length;
    dim = rows > 0 ? list[0]!.length : 0;
    data = new Float64Array(rows * dim);
    for (let r = 0; r < rows; r++) {
      const row = list[r]!;
      if (row.length !== dim) {
        throw new MetricsError(
          "INVALID_SHAPE",
          argument,
          `row ${r} has ${row.length} values, row 0 has ${dim}`,
          r,
        );
      }
      for (let c = 0; c < dim; c++) data[r * dim + c] = row[c]!;
    }
  } else {
    const flat = embeddings as { data: Float32Array | Float64Array; dim: number };
    dim = flat.dim;
    if (!Number.isSafeInteger(dim) || dim < 1) {
      throw new MetricsError(
        "INVALID_SHAPE",
        `${argument}.dim`,
        `must be a positive integer, got ${dim}`,
      );
    }
    if (flat.data.length % dim !== 0) {
      throw new MetricsError(
        "INVALID_SHAPE",
        `${argument}.data`,
        `length ${flat.data.length} is not a multiple of dim ${dim}`,
      );
    }
    rows = flat.data.length / dim;
    data = Float64Array.from(flat.data);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      const row = Math.floor(i / Math.max(dim, 1));
      throw new MetricsError(
        "NON_FINITE_VALUE",
        argument,
        `row ${row}, column ${i - row * dim} is ${data[i]}`,
        row,
      );
    }
  }
  return { data, rows, dim };
}

/** Scales each row to unit length (zero rows stay zero, as sklearn's `normalize`). */
export function normalizeRows(matrix: DenseMatrix): DenseMatrix {
  const { rows, dim } = matrix;
  const data = Float64Array.from(matrix.data);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let c = 0; c < dim; c++) norm += data[r * dim + c]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    for (let c = 0; c < dim; c++) data[r * dim + c]! /= norm;
  }
  return { data, rows, dim };
}

/** Reports `done` units of work out of `total`; for progress bars in long computations. */
export type ProgressCallback = (done: number, total: number) => void;

/** Distance between embeddings. */
export type DistanceMetric = "euclidean" | "cosine";

/** Throws INVALID_OPTION for an unknown metric. */
export function checkMetric(metric: unknown, argument = "options.metric"): DistanceMetric {
  if (metric === "euclidean" || metric === "cosine") return metric;
  throw new MetricsError(
    "INVALID_OPTION",
    argument,
    `must be "euclidean" or "cosine", got ${String(metric)}`,
  );
}

/** Side of the square tiles in which pairwise distances are produced. */
export const DISTANCE_TILE = 64;

/**
 * Produces the distances of every pair i < j tile by tile: `visit(i0, i1, j0, j1, tile)` gets
 * `tile[(i - i0) * DISTANCE_TILE + (j - j0)]` for i in [i0, i1), j in [j0, j1), valid only
 * where j > i. Cosine distance is 1 − cos clipped to [0, 2] (rows must be pre-normalized);
 * euclidean distance is computed from differences (no |x|² + |y|² − 2x·y cancellation).
 * Four columns are computed at once (the shared host `dot4` / `squaredDistance4`) so each row
 * value is loaded once per four pairs.
 */
export function forEachDistanceTile(
  matrix: DenseMatrix,
  metric: DistanceMetric,
  visit: (i0: number, i1: number, j0: number, j1: number, tile: Float64Array) => void,
  onProgress?: ProgressCallback,
): void {
  const { data, rows, dim } = matrix;
  const T = DISTANCE_TILE;
  const tile = new Float64Array(T * T);
  const four = new Float64Array(4);
  const euclidean = metric === "euclidean";
  const many = euclidean ? squaredDistance4 : dot4;
  const one = euclidean ? squaredDistance : dot;
  const finish = euclidean ? Math.sqrt : cosineDistance;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(i0 + T, rows);
    for (let j0 = i0; j0 < rows; j0 += T) {
      const j1 = Math.min(j0 + T, rows);
      for (let i = i0; i < i1; i++) {
        const oi = i * dim;
        const out = (i - i0) * T - j0;
        let j = Math.max(j0, i + 1);
        for (; j + 3 < j1; j += 4) {
          many(data, oi, j * dim, dim, four);
          tile[out + j] = finish(four[0]!);
          tile[out + j + 1] = finish(four[1]!);
          tile[out + j + 2] = finish(four[2]!);
          tile[out + j + 3] = finish(four[3]!);
        }
        for (; j < j1; j++) tile[out + j] = finish(one(data, oi, j * dim, dim));
      }
      visit(i0, i1, j0, j1, tile);
    }
    // Pairs (i, j > i) finished so far, out of n(n−1)/2.
    onProgress?.(i1 * (rows - 1) - (i1 * (i1 - 1)) / 2, (rows * (rows - 1)) / 2);
  }
}

function cosineDistance(cosine: number): number {
  const d = 1 - cosine;
  return Math.min(2, Math.max(0, d));
}
