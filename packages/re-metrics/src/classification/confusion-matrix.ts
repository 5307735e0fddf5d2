import { MetricsError } from "../shared/errors.js";
import type { Label, Labels } from "../shared/labels.js";
import { resolveLabels } from "./precision-recall-f1.js";

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Row/column order; items whose gold or predicted label is not listed are left out (as sklearn). */
  labels?: readonly Label[];
  /** Divide by row sums (`true`), column sums (`pred`) or the total (`all`); 0/0 becomes 0. */
  normalize?: "true" | "pred" | "all";
}

/** A confusion matrix: `matrix[i][j]` counts items of gold `labels[i]` predicted as `labels[j]`. */
export interface ConfusionMatrix {
  labels: Label[];
  matrix: number[][];
}

/** sklearn's `confusion_matrix`: rows are gold labels, columns predicted labels. */
export function confusionMatrix(
  yTrue: Labels,
  yPred: Labels,
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  const labels = resolveLabels(yTrue, yPred, options.labels);
  if (options.labels !== undefined && labels.length === 0) {
    throw new MetricsError("INVALID_OPTION", "options.labels", "must contain at least one label");
  }
  const index = new Map<Label, number>(labels.map((label, i) => [label, i]));
  if (options.labels !== undefined && yTrue.length > 0) {
    let anyGold = false;
    for (let i = 0; i < yTrue.length && !anyGold; i++) anyGold = index.has(yTrue[i]!);
    if (!anyGold) {
      // sklearn refuses this too: such a matrix would be silently all zeros.
      throw new MetricsError(
        "INVALID_OPTION",
        "options.labels",
        "none of these labels occurs in yTrue",
      );
    }
  }
  const k = labels.length;
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined && p !== undefined) matrix[t]![p]!++;
  }
  const { normalize } = options;
  if (normalize === undefined) return { labels, matrix };
  if (normalize !== "true" && normalize !== "pred" && normalize !== "all") {
    throw new MetricsError("INVALID_OPTION", "options.normalize", `unknown value ${normalize}`);
  }
  const rowSums = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = labels.map((_, j) => matrix.reduce((a, row) => a + row[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const normalized = matrix.map((row, i) =>
    row.map((value, j) => {
      const denominator =
        normalize === "true" ? rowSums[i]! : normalize === "pred" ? colSums[j]! : total;
      return denominator === 0 ? 0 : value / denominator;
    }),
  );
  return { labels, matrix: normalized };
}
