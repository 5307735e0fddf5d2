import { ModelError } from "../errors.js";
import { encodeForModel } from "../inference/encode.js";
import type { RelationModel } from "../model/relation-model.js";
import type { TrainCallbacks, TrainOptions, TrainResult } from "../training/options.js";
import { train } from "../training/train.js";
import type { TrainingData } from "./held-out.js";

/**
 * What {@link trainRun} trains on: the encoded fit and held-out parts, and the BioC documents
 * behind them, which a model with a pretrained token encoder needs (it reads its own wordpieces).
 */
export type TrainRunData = Pick<TrainingData, "fit" | "validation"> &
  Partial<Pick<TrainingData, "fitDocuments" | "validationDocuments">>;

/** Options of {@link trainRun}: the trainer's, less `validation`, which is always the held-out slice. */
export type TrainRunOptions = Omit<TrainOptions, "validation">;

/** A trained model and how it got there. */
export interface TrainRunResult {
  /** The trainer's record: every epoch, the best one (whose weights the model holds), early stop. */
  result: TrainResult;
  /** Wall-clock seconds of training. */
  seconds: number;
  /** True when `signal` stopped training before the last epoch (not early stopping). */
  interrupted: boolean;
}

/**
 * Trains `model` in place on the fit part of `data`, with model selection (early stopping,
 * the None threshold) on its held-out slice. A model with a pretrained token encoder reads its
 * own wordpieces: both parts are encoded again for it (same candidate pairs and labels).
 */
export async function trainRun(
  model: RelationModel,
  data: TrainRunData,
  options: TrainRunOptions,
  callbacks: TrainCallbacks = {},
): Promise<TrainRunResult> {
  const started = performance.now();
  let fit = data.fit.documents;
  let validation = data.validation.documents;
  if (model.preprocessing.wordPieces !== undefined) {
    if (!data.fitDocuments || !data.validationDocuments) {
      throw new ModelError(
        "INVALID_INPUT",
        "a model with a pretrained token encoder needs the BioC documents behind the training data (fitDocuments, validationDocuments)",
      );
    }
    fit = encodeForModel(model, data.fitDocuments).documents;
    validation = encodeForModel(model, data.validationDocuments).documents;
  }
  const result = await train(model, { documents: fit }, { ...options, validation }, callbacks);
  const epochs = options.epochs;
  return {
    result,
    seconds: (performance.now() - started) / 1000,
    interrupted:
      options.signal?.aborted === true &&
      !result.stoppedEarly &&
      (epochs === undefined || result.history.length < epochs),
  };
}
