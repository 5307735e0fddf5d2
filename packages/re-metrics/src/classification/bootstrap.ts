import { assertSameLength } from "../shared/labels.js";
import type { Labels } from "../shared/labels.js";
import {
  type BootstrapOptions,
  type ConfidenceInterval,
  bootstrapCIs,
  flattenGroups,
  groupByDocument,
} from "../uncertainty/bootstrap.js";
import { type PrecisionRecallF1Options, precisionRecallF1 } from "./precision-recall-f1.js";

/** CIs of the usual classification summaries. */
export interface ClassificationIntervals {
  microPrecision: ConfidenceInterval;
  microRecall: ConfidenceInterval;
  microF1: ConfidenceInterval;
  macroF1: ConfidenceInterval;
  weightedF1: ConfidenceInterval;
}

/**
 * Bootstrap CIs of micro P/R/F1, macro-F1 and weighted-F1, resampling *documents*:
 * `documentIds[i]` names the document of item i, and all items of a drawn document are kept.
 * `labels` is resolved once on all items, so every resample scores the same classes.
 */
export function classificationBootstrapCI(
  yTrue: Labels,
  yPred: Labels,
  documentIds: ArrayLike<string>,
  options: PrecisionRecallF1Options & BootstrapOptions = {},
): ClassificationIntervals {
  assertSameLength(yTrue, "yTrue", documentIds, "documentIds");
  const full = precisionRecallF1(yTrue, yPred, options);
  const scoring = { ...options, labels: full.labels };
  const items = Array.from({ length: yTrue.length }, (_, i) => i);
  const groups = groupByDocument(items, (i) => documentIds[i]!);
  // The five statistics see the same sample object in turn: score it once.
  let lastSample: unknown;
  let lastScores = full;
  const score = (sample: readonly { documentId: string; items: number[] }[]) => {
    if (sample === lastSample) return lastScores;
    const picked = flattenGroups(sample);
    lastSample = sample;
    lastScores = precisionRecallF1(
      picked.map((i) => yTrue[i]!),
      picked.map((i) => yPred[i]!),
      scoring,
    );
    return lastScores;
  };
  return bootstrapCIs(
    groups,
    {
      microPrecision: (s) => score(s).micro.precision,
      microRecall: (s) => score(s).micro.recall,
      microF1: (s) => score(s).micro.f1,
      macroF1: (s) => score(s).macro.f1,
      weightedF1: (s) => score(s).weighted.f1,
    },
    options,
  );
}
