import { encodeForModel } from "../inference/encode.js";
import type { RelationModel } from "../model/relation-model.js";
import type { TrainCallbacks, TrainOptions, TrainResult } from "../training/options.js";
import { train } from "../training/train.js";
import type { TrainingData } from "./held-out.js";

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
  data: TrainingData,
  options: TrainRunOptions,
  callbacks: TrainCallbacks = {},
): Promise<TrainRunResult> {
  const started = performance.now();
  const wordPieces = model.preprocessing.wordPieces !== undefined;
  const fit = wordPieces ? encodeForModel(model, data.fitDocuments).documents : data.fit.documents;
  const validation = wordPieces
    ? encodeForModel(model, data.validationDocuments).documents
    : data.validation.documents;
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
