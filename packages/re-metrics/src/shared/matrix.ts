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

/**
 * Calls `visit(i, j, distance)` once for every pair i < j, in cache-friendly tiles.
 * Cosine distance is 1 − cos, clipped to [0, 2] (rows must be pre-normalized).
 */
export function forEachPairDistance(
  matrix: DenseMatrix,
  metric: DistanceMetric,
  visit: (i: number, j: number, distance: number) => void,
): void {
  const { data, rows, dim } = matrix;
  const TILE = 64;
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(i0 + TILE, rows);
    for (let j0 = i0; j0 < rows; j0 += TILE) {
      const j1 = Math.min(j0 + TILE, rows);
      for (let i = i0; i < i1; i++) {
        const oi = i * dim;
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const oj = j * dim;
          let acc = 0;
          if (metric === "euclidean") {
            for (let c = 0; c < dim; c++) {
              const d = data[oi + c]! - data[oj + c]!;
              acc += d * d;
            }
            visit(i, j, Math.sqrt(acc));
          } else {
            for (let c = 0; c < dim; c++) acc += data[oi + c]! * data[oj + c]!;
            visit(i, j, Math.min(2, Math.max(0, 1 - acc)));
          }
        }
      }
    }
  }
}
