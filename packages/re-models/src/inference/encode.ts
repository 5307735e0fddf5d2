import type { BioCDocument } from "@biore/bioc-io";
import {
  type DatasetWarning,
  type RelationDataset,
  type RelationSchema,
  type TypeMapping,
  buildDataset,
} from "@biore/relation-dataset";
import { encodeWithWordPieces } from "../encoders/bert/encode-documents.js";
import { ModelError } from "../errors.js";
import type { RelationModel } from "../model/relation-model.js";

/** Encoded documents with their pairs and accounting: a `RelationDataset`, without the tokenizer for a pretrained encoder's model. */
export type EncodedDataset = Omit<RelationDataset, "tokenizer"> &
  Partial<Pick<RelationDataset, "tokenizer">>;

/** Options of encoding documents for a trained model. */
export interface EncodeForModelOptions {
  /** Receives relation-dataset's warnings (truncation, unmapped relations, ...). */
  onWarning?: (warning: DatasetWarning) => void;
  /** Reads the input with another corpus's conventions (default: the model's schema). */
  schema?: RelationSchema;
  /** Renames the input's entity types to the model's (e.g. CDR's `Chemical` to `ChemicalEntity`). */
  typeMap?: TypeMapping;
}

/**
 * Encodes BioC documents with the model's own tokenizer, entity types, labels, schema and pair
 * filter; `report.unknownEntityTypes` counts input types the model does not know.
 */
export function encodeForModel(
  model: RelationModel,
  documents: Iterable<BioCDocument>,
  options: EncodeForModelOptions = {},
): EncodedDataset {
  const { tokenizer, entityTypes, schema, maxTokens, allowedTypePairs } = model.preprocessing;
  const { wordPieces } = model.preprocessing;
  // what both encoders read the same way: the model's labels, schema, truncation and pair filter
  const shared = {
    labelSpace: model.labelSpace,
    ...(options.schema ? { schema: options.schema } : schema ? { schema } : {}),
    ...(options.typeMap ? { typeMap: options.typeMap } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    pairFilter: allowedTypePairs ? new Set(allowedTypePairs) : ("all" as const),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  };
  if (wordPieces && entityTypes) {
    // a pretrained encoder reads the checkpoint's wordpieces, with entity markers
    return encodeWithWordPieces(documents, {
      tokenizer: wordPieces,
      entityTypes,
      ...shared,
    });
  }
  if (!tokenizer || !entityTypes) {
    throw new ModelError(
      "INVALID_INPUT",
      "the model has no tokenizer or entity types; create it with createModelForDataset(dataset)",
    );
  }
  return buildDataset(documents, {
    tokenizer,
    entityTypes,
    ...shared,
  });
}
