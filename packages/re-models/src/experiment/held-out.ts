import type { BioCDocument } from "@biore/bioc-io";
import {
  type BuildDatasetOptions,
  type RelationDataset,
  buildDataset,
  splitHeldOut,
} from "@biore/relation-dataset";
import { ModelError } from "../errors.js";

/** Share of Train held out for model selection by default (early stopping, the None threshold). */
export const HELD_OUT_FRACTION = 0.1;

/** Options of {@link holdOutForSelection}. */
export interface HeldOutOptions {
  /** Seed of the split. The CLI uses each run's seed; the experiments keep one fixed seed. */
  seed: number;
  /** Share of the documents held out (default {@link HELD_OUT_FRACTION}). */
  fraction?: number;
  /**
   * How both parts are encoded (tokenizer options, `maxTokens`, warnings). The vocabularies
   * are always fitted on the fit part, and candidate pairs limited to the entity-type pairs
   * seen in its gold relations.
   */
  dataset?: Pick<BuildDatasetOptions, "tokenizerOptions" | "maxTokens" | "onWarning" | "typeMap">;
}

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
 * Holds out a seeded slice of the training documents for model selection (never the
 * evaluation split), then encodes both parts with vocabularies fitted on the fit part only.
 */
export function holdOutForSelection(
  documents: readonly BioCDocument[],
  options: HeldOutOptions,
): TrainingData {
  if (documents.length < 2) {
    throw new ModelError(
      "INVALID_INPUT",
      `training needs at least 2 documents (some are held out for model selection), got ${documents.length}`,
    );
  }
  const parts = splitHeldOut(documents, options.fraction ?? HELD_OUT_FRACTION, options.seed);
  const build = options.dataset ?? {};
  const fit = buildDataset(parts.train, { ...build, pairFilter: "seen-type-pairs" });
  if (fit.labelSpace.size < 2) {
    throw new ModelError(
      "INVALID_INPUT",
      "the training documents have no relations (train on a corpus with relation annotations, e.g. BioRED Train)",
    );
  }
  const { tokenizerOptions: _fitted, ...reuse } = build;
  const validation = encodeLike(fit, parts.heldOut, reuse);
  return { fit, validation, fitDocuments: parts.train, validationDocuments: parts.heldOut };
}

/** Encodes more documents with a fitted dataset's vocabularies, schema and pair filter. */
export function encodeLike(
  fitted: Pick<
    RelationDataset,
    "tokenizer" | "labelSpace" | "entityTypes" | "allowedTypePairs" | "schema"
  >,
  documents: readonly BioCDocument[],
  options: Pick<BuildDatasetOptions, "maxTokens" | "onWarning" | "typeMap"> = {},
): RelationDataset {
  return buildDataset(documents, {
    ...options,
    schema: fitted.schema,
    tokenizer: fitted.tokenizer,
    labelSpace: fitted.labelSpace,
    entityTypes: fitted.entityTypes,
    pairFilter: fitted.allowedTypePairs ?? "all",
  });
}
