import { MetricsError } from "../shared/errors.js";
import { type Labels, assertSameLength, checkLabels, encodeLabels } from "../shared/labels.js";
import {
  type DenseMatrix,
  type DistanceMetric,
  type Embeddings,
  type ProgressCallback,
  checkMetric,
  DISTANCE_TILE,
  forEachDistanceTile,
  normalizeRows,
  toDenseMatrix,
} from "../shared/matrix.js";
import { checkSeed, createRandom } from "../shared/random.js";

/** Options of {@link silhouetteScore}. */
export interface SilhouetteOptions {
  /** Distance between embeddings (default `euclidean`, as sklearn). */
  metric?: DistanceMetric;
  /** Score a random subset of this many points (sklearn's `sample_size`); needs `seed`. */
  sampleSize?: number;
  /** Seed of the subset draw (default 0). */
  seed?: number;
  /** Called as pairs of points are processed (done, total pairs). */
  onProgress?: ProgressCallback;
}

/**
 * Silhouette coefficient of every point, sklearn's `silhouette_samples`: (b − a) / max(a, b)
 * with a the mean distance to the rest of its cluster and b the smallest mean distance to
 * another cluster; 0 for points alone in their cluster. Needs 2 ≤ #clusters ≤ n − 1.
 */
export function silhouetteSamples(
  embeddings: Embeddings,
  labels: Labels,
  options: Pick<SilhouetteOptions, "metric" | "onProgress"> = {},
): Float64Array {
  const metric = checkMetric(options.metric ?? "euclidean");
  const matrix = toDenseMatrix(embeddings);
  return silhouetteOfMatrix(matrix, labels, metric, options.onProgress);
}

function silhouetteOfMatrix(
  matrix: DenseMatrix,
  labels: Labels,
  metric: DistanceMetric,
  onProgress?: ProgressCallback,
): Float64Array {
  assertSameLength({ length: matrix.rows }, "embeddings (rows)", labels, "labels");
  checkLabels(labels, "labels");
  const { ids, count: k } = encodeLabels(labels);
  const n = matrix.rows;
  if (k < 2 || k > n - 1) {
    throw new MetricsError(
      "TOO_FEW_LABELS",
      "labels",
      `number of clusters is ${k}; silhouette needs 2 to n - 1 (${n - 1}) clusters`,
    );
  }
  const prepared = metric === "cosine" ? normalizeRows(matrix) : matrix;
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[ids[i]!]!++;
  // sums[i * k + c]: total distance from point i to the points of cluster c.
  const sums = new Float64Array(n * k);
  forEachDistanceTile(
    prepared,
    metric,
    (i0, i1, j0, j1, tile) => {
      for (let i = i0; i < i1; i++) {
        const row = (i - i0) * DISTANCE_TILE - j0;
        const rowSums = i * k;
        const labelI = ids[i]!;
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const d = tile[row + j]!;
          sums[rowSums + ids[j]!]! += d;
          sums[j * k + labelI]! += d;
        }
      }
    },
    onProgress,
  );
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const own = ids[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[i * k + own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c !== own) b = Math.min(b, sums[i * k + c]! / sizes[c]!);
    }
    const s = (b - a) / Math.max(a, b);
    scores[i] = Number.isNaN(s) ? 0 : s;
  }
  return scores;
}

/** Mean silhouette coefficient, sklearn's `silhouette_score` (cosine or euclidean). */
export function silhouetteScore(
  embeddings: Embeddings,
  labels: Labels,
  options: SilhouetteOptions = {},
): number {
  const metric = checkMetric(options.metric ?? "euclidean");
  let matrix = toDenseMatrix(embeddings);
  let sampleLabels: Labels = labels;
  if (options.sampleSize !== undefined) {
    assertSameLength({ length: matrix.rows }, "embeddings (rows)", labels, "labels");
    const size = options.sampleSize;
    if (!Number.isSafeInteger(size) || size < 2 || size > matrix.rows) {
      throw new MetricsError(
        "INVALID_OPTION",
        "options.sampleSize",
        `must be an integer in [2, ${matrix.rows}], got ${size}`,
      );
    }
    const random = createRandom(checkSeed(options.seed ?? 0));
    const order = Array.from({ length: matrix.rows }, (_, i) => i);
    for (let i = 0; i < size; i++) {
      const j = i + random.nextInt(matrix.rows - i);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const chosen = order.slice(0, size);
    const data = new Float64Array(size * matrix.dim);
    chosen.forEach((row, r) => {
      data.set(matrix.data.subarray(row * matrix.dim, (row + 1) * matrix.dim), r * matrix.dim);
    });
    matrix = { data, rows: size, dim: matrix.dim };
    sampleLabels = chosen.map((row) => labels[row]!);
  }
  const scores = silhouetteOfMatrix(matrix, sampleLabels, metric, options.onProgress);
  let total = 0;
  for (const s of scores) total += s;
  return total / scores.length;
}
