import type { BioCDocument } from "@biore/bioc-io";
import {
  type DatasetWarning,
  type RelationDataset,
  buildDataset,
  splitHeldOut,
} from "@biore/relation-dataset";
import { UserError } from "../user-error.js";

/** Share of Train held out for early stopping and the None threshold (never the eval split). */
export const VALIDATION_FRACTION = 0.1;

/** Train split into the part the model fits and the held-out part model selection uses. */
export interface TrainingData {
  fit: RelationDataset;
  validation: RelationDataset;
  /** The BioC documents behind `fit` (their text feeds embedding pre-training). */
  fitDocuments: readonly BioCDocument[];
  /** The BioC documents behind `validation` (a pretrained encoder encodes them its own way). */
  validationDocuments: readonly BioCDocument[];
}

/**
 * Holds out a seeded slice of Train for model selection, then encodes both
 * parts with vocabularies fitted on the fit part only. Candidate pairs are
 * limited to the entity-type pairs seen in Train's gold relations.
 */
export function prepareTrainingData(
  documents: readonly BioCDocument[],
  seed: number,
  onWarning?: (w: DatasetWarning) => void,
): TrainingData {
  if (documents.length < 2) {
    throw new UserError(
      `training needs at least 2 documents, got ${documents.length}`,
      "point --data at a larger training corpus",
    );
  }
  const parts = splitHeldOut(documents, VALIDATION_FRACTION, seed);
  const fit = buildDataset(parts.train, {
    pairFilter: "seen-type-pairs",
    ...(onWarning ? { onWarning } : {}),
  });
  if (fit.labelSpace.size < 2) {
    throw new UserError(
      "the training documents have no relations",
      "train on a corpus with relation annotations (e.g. BioRED Train)",
    );
  }
  const validation = encodeLike(fit, parts.heldOut, onWarning);
  return { fit, validation, fitDocuments: parts.train, validationDocuments: parts.heldOut };
}

/** Encodes more documents with a fitted dataset's vocabularies and pair filter. */
export function encodeLike(
  fitted: Pick<
    RelationDataset,
    "tokenizer" | "labelSpace" | "entityTypes" | "allowedTypePairs" | "schema"
  >,
  documents: readonly BioCDocument[],
  onWarning?: (w: DatasetWarning) => void,
): RelationDataset {
  return buildDataset(documents, {
    schema: fitted.schema,
    tokenizer: fitted.tokenizer,
    labelSpace: fitted.labelSpace,
    entityTypes: fitted.entityTypes,
    pairFilter: fitted.allowedTypePairs ?? "all",
    ...(onWarning ? { onWarning } : {}),
  });
}
