import type { BioCDocument } from "@biore/bioc-io";
import { NONE_LABEL, detectSchema } from "@biore/relation-dataset";
import {
  type BioredDocumentCounts,
  bioredDocumentCounts,
  bioredScoresFromCounts,
  confusionMatrix,
} from "@biore/re-metrics";
import {
  type EncodedDataset,
  type RelationModel,
  embed,
  encodeForModel,
  predict,
} from "@biore/re-models";
import { type LabelledEmbeddings, embeddingQuality } from "../evaluation/embedding-quality.js";
import { LEVEL_OF, documentUnits, metricIntervals } from "../evaluation/seed-scores.js";
import { BIORED_METRICS, type ModelEvaluation, type TypeScore } from "../reports/types.js";
import { UserError } from "../user-error.js";
import { goldRelations } from "./gold-relations.js";

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

/** Refuses data whose relations the model cannot represent (another corpus's schema or labels). */
function checkLabelSpace(
  model: RelationModel,
  dataset: EncodedDataset,
  documents: readonly BioCDocument[],
  source: string,
): void {
  const labels = model.labelSpace.labels.join(", ");
  let detected: string | undefined;
  try {
    detected = detectSchema(documents).name;
  } catch {
    detected = undefined;
  }
  const trained = model.preprocessing.schema?.name;
  if (detected && trained && detected !== trained) {
    throw new UserError(
      `the model was trained on ${trained} relations with labels [${labels}], but ${source} holds ${detected} relations`,
      "the model was trained with a different label space; evaluate on data with the same relation types, or train on this corpus",
    );
  }
  const unknown = Object.keys(dataset.report.unknownLabels);
  if (unknown.length > 0) {
    throw new UserError(
      `the model's label space [${labels}] lacks relation types found in ${source}: ${unknown.join(", ")}`,
      "the model was trained with a different label space; train one on data with these types",
    );
  }
}

function pairKey(documentId: string, a: string, b: string): string {
  return a <= b ? `${documentId}\u0000${a}\u0000${b}` : `${documentId}\u0000${b}\u0000${a}`;
}

/**
 * Scores a model on gold documents the BioRED-track way (pair, +type,
 * +novelty, all; micro-F1 with bootstrap CIs over documents) using
 * re-models' own predict, plus the per-type report, the candidate-pair
 * confusion matrix and the quality of the embeddings of gold positive pairs.
 */
export function evaluateModel(
  model: RelationModel,
  documents: readonly BioCDocument[],
  options: EvaluateOptions,
): ModelEvaluationResult {
  const dataset = encodeForModel(model, documents);
  checkLabelSpace(model, dataset, documents, options.source);
  const { relations } = predict(model, documents, { dataset });
  const schema = model.preprocessing.schema ?? dataset.schema;

  const gold =
    goldRelations(documents, schema) ??
    dataset.pairs
      .flat()
      .filter((pair) => pair.label !== NONE_LABEL)
      .map((pair) => ({
        documentId: pair.documentId,
        entity1: pair.head.identifier,
        entity2: pair.tail.identifier,
        type: pair.label,
        novel: pair.novel === true,
      }));
  // NCBI's BioRED evaluation rules for BioRED; its excluded type pairs mean nothing elsewhere.
  const rules = schema.name === "biored" ? "ncbi" : "all-pairs";
  const counts = bioredDocumentCounts(gold, relations, {
    documentIds: documents.map((d) => d.id),
    entityTypes: documents,
    rules,
  });
  const totals = bioredScoresFromCounts(counts);
  const perType: TypeScore[] = Object.entries(totals.perType).map(([label, s]) => ({
    label,
    precision: s.pairType.precision,
    recall: s.pairType.recall,
    f1: s.pairType.f1,
    support: s.pairType.tp + s.pairType.fn,
  }));

  // Confusion over candidate pairs: gold label of each pair against its prediction (None if not predicted).
  const predictedType = new Map(
    relations.map((r) => [pairKey(r.documentId, r.entity1, r.entity2), r.type]),
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

  return {
    evaluation: {
      documents: documents.length,
      scores: metricIntervals(documentUnits([counts]), {
        iterations: options.bootstrapIterations,
        seed: options.seed,
      }),
      counts: Object.fromEntries(
        BIORED_METRICS.map((m) => {
          const { tp, fp, fn } = totals[LEVEL_OF[m]];
          return [m, { tp, fp, fn }];
        }),
      ) as ModelEvaluation["counts"],
      rules,
      excluded: totals.excluded,
      perType,
      confusion: { labels: confusion.labels.map(String), matrix: confusion.matrix },
      embedding: embeddingQuality(embeddings, options.seed),
      projectionEmbedding: embeddingQuality(projected, options.seed),
    },
    counts,
    embeddings,
  };
}
