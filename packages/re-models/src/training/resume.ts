import * as tf from "@tensorflow/tfjs-core";
import { ModelError } from "../errors.js";
import type { RelationModel } from "../model/relation-model.js";
import type { AdamW } from "./adamw.js";
import type { AuxiliaryTraining } from "./auxiliary.js";
import { checkpointMismatch, readCheckpoint } from "./checkpoint.js";
import type { ContrastiveTerm } from "./objective.js";
import type { EpochRecord } from "./options.js";

/** What a run holds while it trains, which a checkpoint restores. */
export interface ResumeTargets {
  model: RelationModel;
  /** Every trained variable by name: the model's and the auxiliary heads'. */
  trained: Map<string, tf.Variable>;
  optimizer: AdamW;
  contrastive: ContrastiveTerm | undefined;
  auxiliary: AuxiliaryTraining | undefined;
}

/** The loop's state after the checkpoint's last whole epoch. */
export interface ResumedRun {
  history: EpochRecord[];
  bestEpoch: number;
  bestF1: number | null;
  stale: number;
  startEpoch: number;
  resumedFromEpoch: number;
  /** The best epoch's weights (the caller disposes them), when the run had validated. */
  best: Map<string, tf.Tensor> | undefined;
}

/**
 * Restores a run from the checkpoint in `dir`: weights, AdamW's moments and step, the
 * contrastive term's memory, the auxiliary heads and the loop's bookkeeping. A checkpoint of
 * another run (`key` or the model config differ) or one that does not fit the model is
 * `CHECKPOINT_INVALID`, and nothing it read is left allocated.
 */
export function resumeFromCheckpoint(
  dir: string,
  key: unknown,
  { model, trained, optimizer, contrastive, auxiliary }: ResumeTargets,
): ResumedRun {
  const { state, tensors } = readCheckpoint(dir);
  if (
    JSON.stringify(state.runKey) !== JSON.stringify(key) ||
    JSON.stringify({ ...state.config, seed: 0 }) !== JSON.stringify({ ...model.config, seed: 0 })
  ) {
    tf.dispose(Object.values(tensors));
    throw new ModelError(
      "CHECKPOINT_INVALID",
      "checkpoint was written by a different run (options or model differ)",
      dir,
    );
  }
  const misfit = checkpointMismatch(tensors, trained);
  if (misfit) {
    tf.dispose(Object.values(tensors));
    throw new ModelError(
      "CHECKPOINT_INVALID",
      `checkpoint does not fit this model: ${misfit}`,
      dir,
    );
  }
  const params: Record<string, tf.Tensor> = {};
  const bestValues = new Map<string, tf.Tensor>();
  const termTensors: Record<string, tf.Tensor> = {};
  for (const [name, value] of Object.entries(tensors)) {
    if (name.startsWith("param/")) params[name.slice(6)] = value;
    else if (name.startsWith("best/")) bestValues.set(name.slice(5), value);
    else if (name.startsWith("contrastive/")) termTensors[name.slice(12)] = value;
  }
  // An older checkpoint has no term state: it still resumes, with an empty memory bank as
  // before (exact when written during the CE-only warm-up, and the bank refills within a few
  // steps otherwise), rather than making an interrupted run start over.
  if (state.contrastive && contrastive?.loadState) {
    try {
      contrastive.loadState({ tensors: termTensors, data: state.contrastive });
    } catch (error) {
      tf.dispose(Object.values(tensors));
      throw new ModelError(
        "CHECKPOINT_INVALID",
        `checkpoint's contrastive term state does not fit this run: ${(error as Error).message}`,
        dir,
      );
    }
  }
  if (auxiliary) {
    for (const [name, v] of auxiliary.params) {
      v.assign(params[name] as tf.Tensor);
      delete params[name];
    }
  }
  model.assign(params);
  optimizer.restore(tensors, state.optimizerStep, state.optimizerUpdates);
  for (const [name, value] of Object.entries(tensors))
    if (!name.startsWith("best/")) value.dispose();
  return {
    history: state.history as EpochRecord[],
    bestEpoch: state.bestEpoch,
    bestF1: state.bestValidationF1,
    stale: state.epochsWithoutImprovement,
    startEpoch: state.epoch + 1,
    resumedFromEpoch: state.epoch,
    best: bestValues.size > 0 ? bestValues : undefined,
  };
}
