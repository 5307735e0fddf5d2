import type { BioCDocument } from "@biore/bioc-io";
import { type DatasetWarning, type RelationDataset, buildDataset } from "@biore/relation-dataset";
import { ModelError } from "../errors.js";
import type { RelationModel } from "../model/relation-model.js";

/** Options of encoding documents for a trained model. */
export interface EncodeForModelOptions {
  /** Receives relation-dataset's warnings (truncation, unmapped relations, ...). */
  onWarning?: (warning: DatasetWarning) => void;
}

/** Encodes BioC documents with the model's own tokenizer, entity types, labels, schema and pair filter. */
export function encodeForModel(
  model: RelationModel,
  documents: Iterable<BioCDocument>,
  options: EncodeForModelOptions = {},
): RelationDataset {
  const { tokenizer, entityTypes, schema, maxTokens, allowedTypePairs } = model.preprocessing;
  if (!tokenizer || !entityTypes) {
    throw new ModelError(
      "INVALID_INPUT",
      "the model has no tokenizer or entity types; create it with createModelForDataset(dataset)",
    );
  }
  return buildDataset(documents, {
    tokenizer,
    entityTypes,
    labelSpace: model.labelSpace,
    ...(schema ? { schema } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    pairFilter: allowedTypePairs ? new Set(allowedTypePairs) : "all",
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
}
