import type { BioCDocument } from "@biore/bioc-io";
import { type BioredDocumentCounts, confusionMatrix } from "@biore/re-metrics";
import { type RelationModel, embed } from "@biore/re-models";
import {
  type RunEvaluation,
  documentUnits,
  evaluateRun,
  seedSummary,
} from "@biore/re-models/experiment";
import { NONE_LABEL } from "@biore/relation-dataset";
import { type LabelledEmbeddings, embeddingQuality } from "../evaluation/embedding-quality.js";
import { LEVEL_OF, metricIntervals } from "../evaluation/seed-scores.js";
import { BIORED_METRICS, type ModelEvaluation, type TypeScore } from "../reports/types.js";

/** Everything evaluation produces for one model on one corpus. */
export interface ModelEvaluationResult {
  evaluation: ModelEvaluation;
  /** Per-document BioRED counts (for paired comparisons and seed averaging). */
  counts: BioredDocumentCounts[];
  /** Embeddings of gold positive candidate pairs, labelled by gold type. */
  embeddings: LabelledEmbeddings;
}

/** Options of {@link evaluateModel}. */
export interface EvaluateOptions {
  seed: number;
  bootstrapIterations: number;
  /** Names the data in error messages. */
  source: string;
}

function pairKey(documentId: string, a: string, b: string): string {
  return a <= b ? `${documentId}\u0000${a}\u0000${b}` : `${documentId}\u0000${b}\u0000${a}`;
}

/**
 * Scores a model on gold documents with the experiment runner (re-metrics' BioRED track
 * scoring: pair, +type, +novelty, all; micro-F1 with bootstrap CIs over documents), plus the
 * per-type report, the candidate-pair confusion matrix and the quality of the embeddings of
 * gold positive pairs.
 */
export function evaluateModel(
  model: RelationModel,
  documents: readonly BioCDocument[],
  options: EvaluateOptions,
): ModelEvaluationResult {
  const run = evaluateRun(model, documents, { source: options.source });
  return reportEvaluation(model, documents, run, options);
}

/** The CLI's report of one runner evaluation (the model is still needed for its embeddings). */
export function reportEvaluation(
  model: RelationModel,
  documents: readonly BioCDocument[],
  run: RunEvaluation,
  options: Pick<EvaluateOptions, "seed" | "bootstrapIterations">,
): ModelEvaluationResult {
  const { dataset, prediction, counts, scores: totals } = run;
  const perType: TypeScore[] = Object.entries(totals.perType).map(([label, s]) => ({
    label,
    precision: s.pairType.precision,
    recall: s.pairType.recall,
    f1: s.pairType.f1,
    support: s.pairType.tp + s.pairType.fn,
  }));

  // Confusion over candidate pairs: gold label of each pair against its prediction (None if not predicted).
  const predictedType = new Map(
    prediction.relations.map((r) => [pairKey(r.documentId, r.entity1, r.entity2), r.type]),
  );
  const goldLabels: string[] = [];
  const predictedLabels: string[] = [];
  for (const pair of dataset.pairs.flat()) {
    goldLabels.push(pair.label);
    predictedLabels.push(
      predictedType.get(pairKey(pair.documentId, pair.head.identifier, pair.tail.identifier)) ??
        NONE_LABEL,
    );
  }
  const confusion = confusionMatrix(goldLabels, predictedLabels, {
    labels: model.labelSpace.labels,
  });

  const positives = embed(model, documents, { dataset, positivesOnly: true });
  const embeddings: LabelledEmbeddings = {
    data: positives.vectors,
    dim: positives.dim,
    labels: positives.labels,
  };
  const projection = embed(model, documents, { dataset, positivesOnly: true, space: "projection" });
  const projected: LabelledEmbeddings = {
    data: projection.vectors,
    dim: projection.dim,
    labels: projection.labels,
  };

  const summary = seedSummary(documentUnits([counts]), {
    iterations: options.bootstrapIterations,
    seed: options.seed,
  });
  return {
    evaluation: {
      documents: documents.length,
      scores: metricIntervals(summary),
      counts: Object.fromEntries(
        BIORED_METRICS.map((m) => {
          const { tp, fp, fn } = totals[LEVEL_OF[m]];
          return [m, { tp, fp, fn }];
        }),
      ) as ModelEvaluation["counts"],
      rules: run.rules,
      excluded: totals.excluded,
      perType,
      confusion: { labels: confusion.labels.map(String), matrix: confusion.matrix },
      embedding: embeddingQuality(embeddings, options.seed),
      projectionEmbedding: embeddingQuality(projected, options.seed),
      ...(dataset.report.unknownEntityTypes
        ? { unknownEntityTypes: dataset.report.unknownEntityTypes }
        : {}),
    },
    counts,
    embeddings,
  };
}
