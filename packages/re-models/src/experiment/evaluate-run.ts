import type { BioCDocument } from "@biore/bioc-io";
import {
  type BioredDocumentCounts,
  type BioredRelation,
  type BioredRules,
  type BioredScores,
  bioredDocumentCounts,
  bioredScoresFromCounts,
} from "@biore/re-metrics";
import { NONE_LABEL, type RelationSchema, detectSchema } from "@biore/relation-dataset";
import { ModelError } from "../errors.js";
import { type EncodedDataset, encodeForModel } from "../inference/encode.js";
import { type PredictResult, predict } from "../inference/predict.js";
import type { RelationModel } from "../model/relation-model.js";
import { goldRelations } from "./gold.js";

/** Options of {@link evaluateRun}. */
export interface EvaluateRunOptions {
  /** Names the documents in error messages (e.g. their file). */
  source?: string;
  /** Documents already encoded for this model (skips encoding them again). */
  dataset?: EncodedDataset;
}

/** One model scored on gold documents the BioRED-track way. */
export interface RunEvaluation {
  /** The documents encoded for the model (candidate pairs with gold labels). */
  dataset: EncodedDataset;
  /** The model's predictions. */
  prediction: PredictResult;
  /** The gold relations scored against. */
  gold: BioredRelation[];
  /** NCBI's evaluation rules for BioRED; every pair for other corpora. */
  rules: BioredRules;
  /** Per-document counts, in document order: the unit of every bootstrap. */
  counts: BioredDocumentCounts[];
  /** Micro P/R/F1 at every level and per type (re-metrics). */
  scores: BioredScores;
}

/**
 * Predicts `documents` with `model` and scores the predictions with re-metrics' BioRED track
 * scoring: gold relations read from the documents by `relationsFromBioC`, NCBI's rules on
 * BioRED. Refuses documents whose relations the model cannot represent (another corpus's
 * schema, or relation types outside its label space) with `LABEL_SPACE_MISMATCH`.
 */
export function evaluateRun(
  model: RelationModel,
  documents: readonly BioCDocument[],
  options: EvaluateRunOptions = {},
): RunEvaluation {
  const source = options.source ?? "the documents";
  const dataset = options.dataset ?? encodeForModel(model, documents);
  checkLabelSpace(model, dataset, documents, source);
  const prediction = predict(model, documents, { dataset });
  const schema = model.preprocessing.schema ?? dataset.schema;
  const gold = goldRelations(documents, schema) ?? goldFromPairs(dataset);
  // NCBI's excluded type pairs mean nothing outside BioRED.
  const rules: BioredRules = schema.name === "biored" ? "ncbi" : "all-pairs";
  const counts = bioredDocumentCounts(gold, prediction.relations, {
    documentIds: documents.map((d) => d.id),
    entityTypes: documents,
    rules,
  });
  return { dataset, prediction, gold, rules, counts, scores: bioredScoresFromCounts(counts) };
}

/** Node-based corpora name annotations, not concepts: their gold is the labelled candidate pairs. */
function goldFromPairs(dataset: EncodedDataset): BioredRelation[] {
  return dataset.pairs
    .flat()
    .filter((pair) => pair.label !== NONE_LABEL)
    .map((pair) => ({
      documentId: pair.documentId,
      entity1: pair.head.identifier,
      entity2: pair.tail.identifier,
      type: pair.label,
      novel: pair.novel === true,
    }));
}

function checkLabelSpace(
  model: RelationModel,
  dataset: EncodedDataset,
  documents: readonly BioCDocument[],
  source: string,
): void {
  const labels = model.labelSpace.labels.join(", ");
  const trained: RelationSchema | undefined = model.preprocessing.schema;
  let detected: string | undefined;
  try {
    detected = detectSchema(documents).name;
  } catch {
    detected = undefined; // no relations to tell the schema by: nothing to contradict
  }
  if (detected && trained && detected !== trained.name) {
    throw new ModelError(
      "LABEL_SPACE_MISMATCH",
      `the model was trained on ${trained.name} relations with labels [${labels}], but ${source} holds ${detected} relations`,
    );
  }
  const unknown = Object.keys(dataset.report.unknownLabels);
  if (unknown.length > 0) {
    throw new ModelError(
      "LABEL_SPACE_MISMATCH",
      `the model's label space [${labels}] lacks relation types found in ${source}: ${unknown.join(", ")}`,
    );
  }
}
