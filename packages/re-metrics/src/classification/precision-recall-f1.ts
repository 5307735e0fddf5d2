import { MetricsError } from "../shared/errors.js";
import {
  type Label,
  type Labels,
  assertSameLength,
  checkLabels,
  uniqueSortedLabels,
} from "../shared/labels.js";
import { type CountScores, checkZeroDivision, safeDivide, scoresFromCounts } from "./f-score.js";

/** Options of {@link precisionRecallF1}. */
export interface PrecisionRecallF1Options {
  /**
   * Classes to score, in report order. Micro averages count only these classes, so
   * leaving out the negative class (`None`) gives the micro-F1 RE papers report.
   * Default: the sorted union of gold and predicted labels.
   */
  labels?: readonly Label[];
  /** Value for a ratio with a zero denominator: 0 (default), 1 or NaN (sklearn's zero_division). */
  zeroDivision?: number;
  /** β of the F-score (default 1). */
  beta?: number;
}

/** Scores of one class, with the counts behind them. */
export interface ClassScores extends CountScores {
  label: Label;
  /** Number of gold items of this class. */
  support: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Per-class scores and their micro, macro and support-weighted averages. */
export interface PrecisionRecallF1Result {
  labels: Label[];
  perClass: ClassScores[];
  micro: CountScores & { tp: number; fp: number; fn: number; support: number };
  macro: CountScores;
  weighted: CountScores;
  /** Fraction of all items whose prediction equals the gold label (all classes, not only `labels`). */
  accuracy: number;
  /** Total number of items. */
  count: number;
}

/** Mean ignoring NaN; NaN when nothing is left (sklearn's `_nanaverage`). */
function nanAverage(values: number[], weights?: number[]): number {
  let sum = 0;
  let weightSum = 0;
  let plainSum = 0;
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const w = weights ? weights[i]! : 1;
    sum += v * w;
    weightSum += w;
    plainSum += v;
    kept++;
  }
  if (kept === 0) return Number.NaN;
  // sklearn falls back to the unweighted mean when all weights are zero.
  return weightSum === 0 ? plainSum / kept : sum / weightSum;
}

/** Checks gold/predicted labels and resolves the label list to score. */
export function resolveLabels(
  yTrue: Labels,
  yPred: Labels,
  labels: readonly Label[] | undefined,
): Label[] {
  assertSameLength(yTrue, "yTrue", yPred, "yPred");
  const kind = checkLabels(yTrue, "yTrue");
  const predKind = checkLabels(yPred, "yPred", kind);
  if (labels === undefined) return uniqueSortedLabels(yTrue, yPred);
  checkLabels(labels, "options.labels", predKind);
  const seen = new Set<Label>();
  for (let i = 0; i < labels.length; i++) {
    if (seen.has(labels[i]!)) {
      throw new MetricsError("DUPLICATE_LABEL", "options.labels", `repeats ${labels[i]}`, i);
    }
    seen.add(labels[i]!);
  }
  return [...labels];
}

/**
 * Per-class precision, recall, F1 and support with micro/macro/weighted averages —
 * sklearn's `precision_recall_fscore_support` for single-label multiclass data.
 */
export function precisionRecallF1(
  yTrue: Labels,
  yPred: Labels,
  options: PrecisionRecallF1Options = {},
): PrecisionRecallF1Result {
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const zeroDivision = checkZeroDivision(options.zeroDivision ?? 0);
  const beta = options.beta ?? 1;
  if (!(beta >= 0) || !Number.isFinite(beta)) {
    throw new MetricsError("INVALID_OPTION", "options.beta", `must be a finite number >= 0`);
  }
  const index = new Map<Label, number>(labels.map((label, i) => [label, i]));
  const k = labels.length;
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (yTrue[i] === yPred[i]) correct++;
    if (t !== undefined) trueSum[t]!++;
    if (p !== undefined) predSum[p]!++;
    if (t !== undefined && t === p) tp[t]!++;
  }
  const perClass: ClassScores[] = labels.map((label, c) => {
    const fp = predSum[c]! - tp[c]!;
    const fn = trueSum[c]! - tp[c]!;
    return {
      label,
      ...scoresFromCounts(tp[c]!, fp, fn, zeroDivision, beta),
      support: trueSum[c]!,
      tp: tp[c]!,
      fp,
      fn,
    };
  });
  let tpAll = 0;
  let predAll = 0;
  let trueAll = 0;
  for (let c = 0; c < k; c++) {
    tpAll += tp[c]!;
    predAll += predSum[c]!;
    trueAll += trueSum[c]!;
  }
  const micro = {
    ...scoresFromCounts(tpAll, predAll - tpAll, trueAll - tpAll, zeroDivision, beta),
    tp: tpAll,
    fp: predAll - tpAll,
    fn: trueAll - tpAll,
    support: trueAll,
  };
  const precisions = perClass.map((c) => c.precision);
  const recalls = perClass.map((c) => c.recall);
  const f1s = perClass.map((c) => c.f1);
  const macro = {
    precision: nanAverage(precisions),
    recall: nanAverage(recalls),
    f1: nanAverage(f1s),
  };
  const weighted = weightedAverage(perClass);
  return {
    labels,
    perClass,
    micro,
    macro,
    weighted,
    accuracy: safeDivide(correct, yTrue.length, zeroDivision),
    count: yTrue.length,
  };
}

/** Support-weighted mean (sklearn ≥ 1.3: plain mean when no scored class has support). */
function weightedAverage(perClass: ClassScores[]): CountScores {
  const weights = perClass.map((c) => c.support);
  const average = (pick: (c: ClassScores) => number) => nanAverage(perClass.map(pick), weights);
  return {
    precision: average((c) => c.precision),
    recall: average((c) => c.recall),
    f1: average((c) => c.f1),
  };
}
