import { MetricsError } from "../shared/errors.js";
import { type DenseMatrix, type Embeddings, toDenseMatrix } from "../shared/matrix.js";
import { type Random, checkSeed, createRandom } from "../shared/random.js";

/** Options of {@link kMeans}. */
export interface KMeansOptions {
  /** Seed of the k-means++ draws (default 0). */
  seed?: number;
  /** Lloyd iterations per run (default 300). */
  maxIterations?: number;
  /** Stop when the squared centroid shift is ≤ tolerance × mean feature variance (default 1e-4, as sklearn). */
  tolerance?: number;
  /** Independent seedings; the run with the lowest inertia wins (default 1). */
  nInit?: number;
}

/** A k-means clustering. */
export interface KMeansResult {
  /** Cluster of each point, 0..k-1. */
  labels: Int32Array;
  /** Row-major k × dim centroids. */
  centroids: Float64Array;
  k: number;
  dim: number;
  /** Sum of squared distances from each point to its centroid. */
  inertia: number;
  /** Lloyd iterations of the winning run. */
  iterations: number;
  /** Whether the winning run converged before `maxIterations`. */
  converged: boolean;
}

function squaredDistance(a: Float64Array, ai: number, b: Float64Array, bi: number, dim: number) {
  let acc = 0;
  for (let c = 0; c < dim; c++) {
    const d = a[ai + c]! - b[bi + c]!;
    acc += d * d;
  }
  return acc;
}

/** Greedy k-means++ seeding (Arthur & Vassilvitskii; sklearn's 2 + ln k local trials). */
export function kMeansPlusPlus(matrix: DenseMatrix, k: number, random: Random): Float64Array {
  const { data, rows: n, dim } = matrix;
  const centroids = new Float64Array(k * dim);
  const first = random.nextInt(n);
  centroids.set(data.subarray(first * dim, (first + 1) * dim), 0);
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = squaredDistance(data, i * dim, centroids, 0, dim);
    potential += closest[i]!;
  }
  const trials = 2 + Math.floor(Math.log(k));
  const candidateDistances = new Float64Array(n);
  const best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPotential = Number.POSITIVE_INFINITY;
    let bestCandidate = 0;
    for (let t = 0; t < trials; t++) {
      const candidate = drawProportional(closest, potential, random);
      let candidatePotential = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.min(closest[i]!, squaredDistance(data, i * dim, data, candidate * dim, dim));
        candidateDistances[i] = d;
        candidatePotential += d;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestCandidate = candidate;
        best.set(candidateDistances);
      }
    }
    centroids.set(data.subarray(bestCandidate * dim, (bestCandidate + 1) * dim), c * dim);
    closest.set(best);
    potential = bestPotential;
  }
  return centroids;
}

/** Index drawn with probability weights[i] / total (uniform when all weights are 0). */
function drawProportional(weights: Float64Array, total: number, random: Random): number {
  if (!(total > 0)) return random.nextInt(weights.length);
  let target = random.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target < 0) return i;
  }
  // Float round-off: fall back to the last point with positive weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
  return weights.length - 1;
}

function resolveOptions(options: KMeansOptions) {
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-4;
  const nInit = options.nInit ?? 1;
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.maxIterations",
      `must be a positive integer, got ${maxIterations}`,
    );
  }
  if (!(tolerance >= 0)) {
    throw new MetricsError("INVALID_OPTION", "options.tolerance", `must be >= 0, got ${tolerance}`);
  }
  if (!Number.isSafeInteger(nInit) || nInit < 1) {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.nInit",
      `must be a positive integer, got ${nInit}`,
    );
  }
  return { maxIterations, tolerance, nInit, seed: checkSeed(options.seed ?? 0) };
}

/**
 * Lloyd's k-means on embeddings with k-means++ seeding; deterministic for a given seed.
 * An empty cluster is re-seeded with the point farthest from its centroid.
 */
export function kMeans(
  embeddings: Embeddings,
  k: number,
  options: KMeansOptions = {},
): KMeansResult {
  const matrix = toDenseMatrix(embeddings);
  if (!Number.isSafeInteger(k) || k < 1 || k > matrix.rows) {
    throw new MetricsError(
      "K_OUT_OF_RANGE",
      "k",
      `must be an integer in [1, ${matrix.rows}] (the number of points), got ${k}`,
    );
  }
  const { maxIterations, tolerance, nInit, seed } = resolveOptions(options);
  const random = createRandom(seed);
  const threshold = tolerance * meanVariance(matrix);
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const result = lloyd(matrix, kMeansPlusPlus(matrix, k, random), k, maxIterations, threshold);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best!;
}

function meanVariance(matrix: DenseMatrix): number {
  const { data, rows, dim } = matrix;
  let total = 0;
  for (let c = 0; c < dim; c++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += data[r * dim + c]!;
    mean /= rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += (data[r * dim + c]! - mean) ** 2;
    total += variance / rows;
  }
  return total / dim;
}

function lloyd(
  matrix: DenseMatrix,
  initial: Float64Array,
  k: number,
  maxIterations: number,
  threshold: number,
): KMeansResult {
  const { data, rows: n, dim } = matrix;
  let centroids = initial;
  const labels = new Int32Array(n).fill(-1);
  const distances = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    let changed = assign(matrix, centroids, k, labels, distances);
    const next = new Float64Array(k * dim);
    const sizes = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = labels[i]!;
      sizes[c]!++;
      for (let d = 0; d < dim; d++) next[c * dim + d]! += data[i * dim + d]!;
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c]! > 0) {
        for (let d = 0; d < dim; d++) next[c * dim + d]! /= sizes[c]!;
        continue;
      }
      // Empty cluster: move it onto the point currently farthest from its centroid.
      let far = 0;
      for (let i = 1; i < n; i++) if (distances[i]! > distances[far]!) far = i;
      next.set(data.subarray(far * dim, (far + 1) * dim), c * dim);
      distances[far] = 0;
      changed = true;
    }
    let shift = 0;
    for (let i = 0; i < next.length; i++) shift += (next[i]! - centroids[i]!) ** 2;
    centroids = next;
    if (!changed || shift <= threshold) {
      converged = true;
      break;
    }
  }
  assign(matrix, centroids, k, labels, distances);
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += distances[i]!;
  return { labels, centroids, k, dim, inertia, iterations, converged };
}

/** Assigns every point to its nearest centroid; returns whether any label changed. */
function assign(
  matrix: DenseMatrix,
  centroids: Float64Array,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
): boolean {
  const { data, rows: n, dim } = matrix;
  let changed = false;
  for (let i = 0; i < n; i++) {
    let bestCluster = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const d = squaredDistance(data, i * dim, centroids, c * dim, dim);
      if (d < bestDistance) {
        bestDistance = d;
        bestCluster = c;
      }
    }
    if (labels[i] !== bestCluster) changed = true;
    labels[i] = bestCluster;
    distances[i] = bestDistance;
  }
  return changed;
}
