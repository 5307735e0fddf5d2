import { MetricsError } from "../shared/errors.js";
import type { Labels } from "../shared/labels.js";
import { type Contingency, contingency } from "./contingency.js";

/** How NMI/AMI combine the two entropies into a normalizer (sklearn's `average_method`). */
export type AverageMethod = "arithmetic" | "geometric" | "min" | "max";

/** Shannon entropy (nats) of counts summing to `total`; 0 for one or no group. */
export function entropyOfCounts(counts: Float64Array, total: number): number {
  if (counts.length <= 1 || total === 0) return 0;
  const logTotal = Math.log(total);
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * (Math.log(c) - logTotal);
  return h;
}

/** Entropy (nats) of a labeling, as sklearn's `entropy` (1 for empty input). */
export function labelEntropy(labels: Labels): number {
  if (labels.length === 0) return 1;
  const table = contingency(labels, labels);
  return entropyOfCounts(table.rowSums, table.n);
}

/** Mutual information (nats) of a contingency table; 0 when either side has one group. */
export function mutualInfoOfTable(table: Contingency): number {
  const { n, rowSums, colSums, cellRows, cellCols, cellCounts } = table;
  if (rowSums.length <= 1 || colSums.length <= 1) return 0;
  const logN = Math.log(n);
  let mi = 0;
  for (let c = 0; c < cellCounts.length; c++) {
    const nij = cellCounts[c]!;
    const term =
      (nij / n) *
      (Math.log(nij) + logN - Math.log(rowSums[cellRows[c]!]!) - Math.log(colSums[cellCols[c]!]!));
    // sklearn drops terms below machine epsilon.
    if (Math.abs(term) >= Number.EPSILON) mi += term;
  }
  return Math.max(mi, 0);
}

/** Mutual information (nats) between two labelings (sklearn's `mutual_info_score`). */
export function mutualInfo(labelsTrue: Labels, labelsPred: Labels): number {
  return mutualInfoOfTable(contingency(labelsTrue, labelsPred));
}

/** Combines two entropies (sklearn's `_generalized_average`). */
export function generalizedAverage(u: number, v: number, method: AverageMethod): number {
  switch (method) {
    case "arithmetic":
      return (u + v) / 2;
    case "geometric":
      return Math.sqrt(u * v);
    case "min":
      return Math.min(u, v);
    case "max":
      return Math.max(u, v);
    default:
      throw new MetricsError("INVALID_OPTION", "options.averageMethod", `unknown method ${method}`);
  }
}

/** Options of NMI and AMI. */
export interface MutualInfoOptions {
  /** Normalizer of the entropies (default `arithmetic`, sklearn's default). */
  averageMethod?: AverageMethod;
}

/**
 * Normalized mutual information, sklearn's `normalized_mutual_info_score`: 1 when both
 * labelings have a single group (or are empty), 0 when MI is 0, else MI / mean(H).
 */
export function normalizedMutualInfo(
  labelsTrue: Labels,
  labelsPred: Labels,
  options: MutualInfoOptions = {},
): number {
  const method = options.averageMethod ?? "arithmetic";
  const terms = mutualInfoTerms(labelsTrue, labelsPred, method);
  if (!terms) return 1;
  if (terms.mi === 0) return 0;
  return terms.mi / generalizedAverage(terms.hTrue, terms.hPred, method);
}

/** What NMI and AMI are built from: the contingency table, MI and both entropies. */
export interface MutualInfoTerms {
  table: Contingency;
  mi: number;
  hTrue: number;
  hPred: number;
}

/**
 * The shared first steps of NMI and AMI (checks `method` first, as sklearn does);
 * null when both labelings have at most one group, where both scores are 1.
 */
export function mutualInfoTerms(
  labelsTrue: Labels,
  labelsPred: Labels,
  method: AverageMethod,
): MutualInfoTerms | null {
  generalizedAverage(0, 0, method);
  const table = contingency(labelsTrue, labelsPred);
  const k = table.rowSums.length;
  if (k === table.colSums.length && k <= 1) return null;
  return {
    table,
    mi: mutualInfoOfTable(table),
    hTrue: entropyOfCounts(table.rowSums, table.n),
    hPred: entropyOfCounts(table.colSums, table.n),
  };
}

/** Homogeneity, completeness and their weighted harmonic mean, the V-measure. */
export interface VMeasure {
  homogeneity: number;
  completeness: number;
  vMeasure: number;
}

/**
 * sklearn's `homogeneity_completeness_v_measure` (β weighs completeness; default 1).
 * Empty input gives 1, 1, 1; a zero entropy makes its score 1.
 */
export function homogeneityCompletenessVMeasure(
  labelsTrue: Labels,
  labelsPred: Labels,
  beta = 1,
): VMeasure {
  if (!(beta > 0) || !Number.isFinite(beta)) {
    throw new MetricsError("INVALID_OPTION", "beta", `must be a positive number, got ${beta}`);
  }
  const table = contingency(labelsTrue, labelsPred);
  if (table.n === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const hTrue = entropyOfCounts(table.rowSums, table.n);
  const hPred = entropyOfCounts(table.colSums, table.n);
  const mi = mutualInfoOfTable(table);
  const homogeneity = hTrue ? mi / hTrue : 1;
  const completeness = hPred ? mi / hPred : 1;
  const vMeasure =
    homogeneity + completeness === 0
      ? 0
      : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/** Homogeneity: each cluster holds members of a single class. */
export function homogeneity(labelsTrue: Labels, labelsPred: Labels): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).homogeneity;
}

/** Completeness: all members of a class are in the same cluster. */
export function completeness(labelsTrue: Labels, labelsPred: Labels): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred).completeness;
}

/** V-measure: harmonic mean of homogeneity and completeness (= NMI with arithmetic mean). */
export function vMeasure(labelsTrue: Labels, labelsPred: Labels, beta = 1): number {
  return homogeneityCompletenessVMeasure(labelsTrue, labelsPred, beta).vMeasure;
}
