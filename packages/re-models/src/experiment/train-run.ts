import { ModelError } from "../errors.js";
import { encodeForModel } from "../inference/encode.js";
import type { RelationModel } from "../model/relation-model.js";
import type { TrainCallbacks, TrainOptions, TrainResult } from "../training/options.js";
import { train } from "../training/train.js";
import type { TrainingData } from "./held-out.js";
import { type TyperRunOptions, type TyperRunRecord, attachRunTyper } from "./typer-run.js";

/**
 * What {@link trainRun} trains on: the encoded fit and held-out parts, and the BioC documents
 * behind them, which a model with a pretrained token encoder needs (it reads its own wordpieces).
 */
export type TrainRunData = Pick<TrainingData, "fit" | "validation"> &
  Partial<Pick<TrainingData, "fitDocuments" | "validationDocuments">>;

/** Options of {@link trainRun}: the trainer's, less `validation`, which is always the held-out slice. */
export type TrainRunOptions = Omit<TrainOptions, "validation"> & {
  /**
   * Fit a linear typer on the fit documents after training and fuse it into the type logits
   * with this weight, the decision rule re-tuned on the held-out slice (weight 0 or absent:
   * no typer). Needs `fitDocuments` and `validationDocuments`.
   */
  typer?: TyperRunOptions;
};

/** A trained model and how it got there. */
export interface TrainRunResult {
  /** The trainer's record: every epoch, the best one (whose weights the model holds), early stop. */
  result: TrainResult;
  /** Wall-clock seconds of training. */
  seconds: number;
  /** True when `signal` stopped training before the last epoch (not early stopping). */
  interrupted: boolean;
  /** The typer step, when `options.typer` asked for one (its seconds are not in `seconds`). */
  typer?: TyperRunRecord;
}

/**
 * Trains `model` in place on the fit part of `data`, with model selection (early stopping,
 * the None threshold) on its held-out slice; with `options.typer`, then fits and fuses a linear
 * typer and tunes the decision rule again on the held-out slice. A model with a pretrained token encoder reads its
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
  const { typer: typerOptions, ...trainOptions } = options;
  const result = await train(model, { documents: fit }, { ...trainOptions, validation }, callbacks);
  const seconds = (performance.now() - started) / 1000;
  const epochs = options.epochs;
  const interrupted =
    options.signal?.aborted === true &&
    !result.stoppedEarly &&
    (epochs === undefined || result.history.length < epochs);
  // the typer joins a finished network only: its decision rule is re-tuned on the fused scores
  const typer =
    typerOptions && typerOptions.weight > 0 && !interrupted
      ? attachRunTyper(model, data, typerOptions)
      : undefined;
  return { result, seconds, interrupted, ...(typer ? { typer } : {}) };
}
