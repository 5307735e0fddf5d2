import type { BioCDocument } from "@biore/bioc-io";
import { ModelError } from "../errors.js";
import { tuneDecisionRule } from "../inference/decision.js";
import { encodeForModel } from "../inference/encode.js";
import { modelTyperInputs } from "../inference/typer-inputs.js";
import type { DecisionRule, PairScores, RelationModel } from "../model/relation-model.js";
import type { TrainingData } from "./held-out.js";

// the view and the averaging live beside the model (a loaded ensemble folder is one); the runner's
// API keeps offering them here
export { averageScores, ensembleView } from "../model/ensemble-view.js";

/**
 * The ensemble's decision rule, tuned the way the trainer tunes a single model's: the None
 * bias (with per-type offsets when the members were trained with them) and the novelty
 * threshold that do best on the held-out slice of Train, here on the averaged scores.
 */
export function tuneEnsembleDecision(
  view: RelationModel,
  data: Pick<TrainingData, "validation"> & Partial<Pick<TrainingData, "validationDocuments">>,
): DecisionRule {
  return tuneDecisionRule(heldOutScores(view, data), view.decision.typeBias !== undefined);
}

/** A model's scores of the held-out slice, with its typer's terms when it fuses one. */
export function heldOutScores(
  model: RelationModel,
  data: Pick<TrainingData, "validation"> & Partial<Pick<TrainingData, "validationDocuments">>,
): PairScores {
  const documents = heldOutDocuments(model, data);
  if (!model.readsTyperInputs) return model.score(documents);
  if (!data.validationDocuments)
    throw new ModelError(
      "INVALID_INPUT",
      "a model with a linear typer needs the held-out BioC documents (validationDocuments)",
    );
  const typer = modelTyperInputs(model, data.validation, data.validationDocuments);
  return model.score(documents, typer ? { typer } : {});
}

/** The held-out slice as the members read it (a pretrained token encoder reads its wordpieces). */
function heldOutDocuments(
  view: RelationModel,
  data: Pick<TrainingData, "validation"> & { validationDocuments?: readonly BioCDocument[] },
) {
  if (view.preprocessing.wordPieces === undefined) return data.validation.documents;
  if (!data.validationDocuments) {
    throw new ModelError(
      "INVALID_INPUT",
      "an ensemble with a pretrained token encoder needs the held-out BioC documents (validationDocuments)",
    );
  }
  return encodeForModel(view, data.validationDocuments).documents;
}
