import { MetricsError } from "../shared/errors.js";
import type { ProgressCallback } from "../shared/matrix.js";
import { type Random, checkSeed, createRandom } from "../shared/random.js";

/** Options shared by the resampling procedures. */
export interface ResamplingOptions {
  /** Number of resamples (default 1000). */
  iterations?: number;
  /** Seed of the resampling (required for reproducibility; default 0). */
  seed?: number;
  /** Called after each resample (done, total iterations). */
  onProgress?: ProgressCallback;
}

/** Options of {@link bootstrapCI}. */
export interface BootstrapOptions extends ResamplingOptions {
  /** Coverage of the interval (default 0.95). */
  confidence?: number;
}

/** A percentile bootstrap confidence interval. */
export interface ConfidenceInterval {
  /** The statistic on the original (not resampled) units. */
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  /** Resamples drawn. */
  iterations: number;
  /** Standard deviation of the finite resampled statistics. */
  standardError: number;
  /** Resamples whose statistic was NaN or infinite (left out of the interval). */
  nonFinite: number;
}

/** Throws INVALID_OPTION for a bad iteration count or confidence; returns the resolved values. */
export function resolveResampling(options: BootstrapOptions) {
  const iterations = options.iterations ?? 1000;
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.iterations",
      `must be a positive integer, got ${iterations}`,
    );
  }
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.confidence",
      `must be in (0, 1), got ${confidence}`,
    );
  }
  return { iterations, confidence, seed: checkSeed(options.seed ?? 0) };
}

/** Indices of a resample with replacement of `n` units. */
export function resampleIndices(n: number, random: Random): Uint32Array {
  const indices = new Uint32Array(n);
  for (let i = 0; i < n; i++) indices[i] = random.nextInt(n);
  return indices;
}

/** One bootstrap resample of `units` (with replacement, same size) — for custom procedures. */
export function resample<T>(units: readonly T[], random: Random): T[] {
  return pick(units, resampleIndices(units.length, random));
}

/** The units at `indices` (units may repeat). */
export function pick<T>(units: readonly T[], indices: Uint32Array): T[] {
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = units[indices[i]!]!;
  return out;
}

/** Linear-interpolation quantile of sorted values (numpy's default `linear` method). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const fraction = position - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * fraction;
}

/** Interval and spread from resampled statistics. */
export function summarize(
  estimate: number,
  samples: Float64Array,
  confidence: number,
): ConfidenceInterval {
  const finite = samples.filter(Number.isFinite).sort();
  const alpha = (1 - confidence) / 2;
  let mean = 0;
  for (const v of finite) mean += v;
  mean /= finite.length || 1;
  let variance = 0;
  for (const v of finite) variance += (v - mean) ** 2;
  return {
    estimate,
    lower: quantileSorted(finite, alpha),
    upper: quantileSorted(finite, 1 - alpha),
    confidence,
    iterations: samples.length,
    standardError: finite.length > 1 ? Math.sqrt(variance / (finite.length - 1)) : Number.NaN,
    nonFinite: samples.length - finite.length,
  };
}

/**
 * Percentile bootstrap CI of `statistic` over `units` resampled with replacement. Make the
 * units documents (e.g. `bioredDocumentCounts` or `groupByDocument` output) so that items
 * of one document stay together, as evaluation over documents requires.
 */
export function bootstrapCI<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions = {},
): ConfidenceInterval {
  const result = bootstrapCIs(units, { value: statistic }, options);
  return result.value!;
}

/** Several statistics on the same resamples (cheaper, and their intervals are coherent). */
export function bootstrapCIs<T, K extends string>(
  units: readonly T[],
  statistics: Record<K, (sample: readonly T[]) => number>,
  options: BootstrapOptions = {},
): Record<K, ConfidenceInterval> {
  const { iterations, confidence, seed } = resolveResampling(options);
  if (units.length === 0) {
    throw new MetricsError("EMPTY_INPUT", "units", "cannot bootstrap zero units");
  }
  const names = Object.keys(statistics) as K[];
  const samples = names.map(() => new Float64Array(iterations));
  const random = createRandom(seed);
  for (let b = 0; b < iterations; b++) {
    const sample = pick(units, resampleIndices(units.length, random));
    names.forEach((name, s) => {
      samples[s]![b] = statistics[name](sample);
    });
    options.onProgress?.(b + 1, iterations);
  }
  const out = {} as Record<K, ConfidenceInterval>;
  names.forEach((name, s) => {
    out[name] = summarize(statistics[name](units), samples[s]!, confidence);
  });
  return out;
}

/** Items grouped into one unit per document, in first-seen order. */
export interface DocumentGroup<T> {
  documentId: string;
  items: T[];
}

/** Groups items by document so that resampling keeps a document's items together. */
export function groupByDocument<T>(
  items: readonly T[],
  documentOf: (item: T) => string,
): DocumentGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const id = documentOf(item);
    let group = groups.get(id);
    if (!group) {
      group = [];
      groups.set(id, group);
    }
    group.push(item);
  }
  return [...groups].map(([documentId, groupItems]) => ({ documentId, items: groupItems }));
}

/** All items of a (resampled) list of document groups, repeats included. */
export function flattenGroups<T>(groups: readonly DocumentGroup<T>[]): T[] {
  return groups.flatMap((g) => g.items);
}
