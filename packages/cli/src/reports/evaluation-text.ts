import { formatInterval, textTable, fixed3 } from "./format.js";
import { BIORED_METRICS, type ModelEvaluation } from "./types.js";

const METRIC_LABELS: Record<string, string> = {
  pair: "entity pair",
  type: "+ relation type",
  novelty: "+ novelty",
  all: "all (type + novelty)",
};

/** The plain-text report `biore evaluate` prints. */
export function evaluationText(e: ModelEvaluation): string[] {
  const lines: string[] = [];
  lines.push(`BioRED micro-F1 on ${e.documents} documents (95% bootstrap CI over documents)`);
  lines.push(
    ...textTable(
      ["metric", "F1 [95% CI]"],
      BIORED_METRICS.map((m) => [METRIC_LABELS[m]!, formatInterval(e.scores[m])]),
    ),
    ...scoringNote(e),
    "",
    "per relation type (pair + type)",
    ...textTable(
      ["type", "precision", "recall", "F1", "support"],
      e.perType.map((t) => [
        t.label,
        fixed3(t.precision),
        fixed3(t.recall),
        fixed3(t.f1),
        String(t.support),
      ]),
    ),
    "",
    "confusion matrix over candidate pairs (rows gold, columns predicted)",
  );
  const short = e.confusion.labels.map((l) => l.replace(/_Correlation$/, "_Corr").slice(0, 12));
  lines.push(
    ...textTable(
      ["gold \\ predicted", ...short],
      e.confusion.matrix.map((row, r) => [e.confusion.labels[r]!, ...row.map(String)]),
    ),
    "",
  );
  const q = e.embedding;
  lines.push(
    `relation embeddings of ${q.pairs} gold positive pairs: k-means (k = ${q.k}) ARI ${fixed3(q.ari)}, NMI ${fixed3(q.nmi)}; retrieval precision@1 ${fixed3(q.precisionAt1)}, MAP@R ${fixed3(q.mapAtR)}`,
  );
  return lines;
}

/** Which counting rules the scores follow, and what they left out. */
function scoringNote(e: ModelEvaluation): string[] {
  if (e.rules !== "ncbi") return [];
  const x = e.excluded ?? { gold: 0, predicted: 0 };
  return [
    `counted as NCBI's BioRED evaluation does (type pairs it excludes left out: ${x.gold} gold, ${x.predicted} predicted)`,
  ];
}
