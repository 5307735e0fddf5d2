import * as tf from "@tensorflow/tfjs-core";
import { ModelError } from "../errors.js";
import type { RelationModel } from "../model/relation-model.js";
import type { AdamW } from "./adamw.js";
import type { AuxiliaryTraining } from "./auxiliary.js";
import {
  type CheckpointState,
  checkpointMismatch,
  readCheckpoint,
  writeCheckpoint,
} from "./checkpoint.js";
import type { ContrastiveTerm } from "./objective.js";
import type { EpochRecord, ResolvedTrainOptions } from "./options.js";
import { describeBatchSampler } from "./batch-samplers.js";
import { describeHnmParts } from "./contrastive.js";
import { teacherDigest } from "./distillation.js";

/** Options that must be equal for a resumed run to continue the same curve. */
export function runKey(
  options: ResolvedTrainOptions,
  trainDocs: number,
  auxiliary: AuxiliaryTraining | undefined,
): Record<string, unknown> {
  const { objective, seed, batchSize, epochs, learningRate, schedule, noneWeight, noveltyWeight } =
    options;
  return {
    objective,
    seed,
    batchSize,
    epochs,
    learningRate,
    schedule,
    noneWeight,
    noveltyWeight,
    trainDocs,
    // only when not the default, so earlier checkpoints still resume
    ...(options.relationLoss !== "softmax" ? { relationLoss: options.relationLoss } : {}),
    ...(options.labelSmoothing > 0 ? { labelSmoothing: options.labelSmoothing } : {}),
    ...(options.entityMask > 0 ? { entityMask: options.entityMask } : {}),
    ...(options.parameterAverage > 0 ? { parameterAverage: options.parameterAverage } : {}),
    ...(options.selectionWindow !== 1 ? { selectionWindow: options.selectionWindow } : {}),
    ...(options.batchSampler ? { batchSampler: describeBatchSampler(options.batchSampler) } : {}),
    // Losses, miners and terms are code: their classes and plain settings stand for them.
    ...(objective === "hnm" ? { hnm: describeHnmParts(options.hnm) } : {}),
    ...(auxiliary ? { auxiliary: auxiliary.describe() } : {}),
    ...(options.distillation
      ? {
          distillation: {
            weight: options.distillation.weight,
            temperature: options.distillation.temperature,
            teacher: teacherDigest(options.distillation.teacher),
          },
        }
      : {}),
  };
}

/** The token limit a run's documents were encoded with, as its checkpoint records it. */
export function tokenLimitOf(model: RelationModel): number | null {
  return model.preprocessing.maxTokens ?? null;
}

const limitText = (limit: number | null) =>
  limit === null ? "no recorded limit" : `${limit} tokens`;

/**
 * Why a checkpoint's token limit keeps it from resuming this run, or undefined. Documents
 * encoded at another limit read differently (longer ones are cut elsewhere), so the resumed
 * curve would not be the same run's; a checkpoint written before the limit was recorded
 * cannot show it is the same, so it is refused too rather than resumed on trust.
 */
function tokenLimitProblem(
  recorded: number | null | undefined,
  current: number | null,
): string | undefined {
  if (recorded === undefined)
    return `checkpoint predates token-limit recording, so it cannot show its documents were encoded at this run's limit (${limitText(current)}); the run must start over: train without resume`;
  if (recorded !== current)
    return `the token limit differs: the checkpoint's run encoded its documents at ${limitText(recorded)}, this run at ${limitText(current)}; train without resume, or encode at ${limitText(recorded)}`;
  return undefined;
}

/** What a run holds that a checkpoint saves beside its bookkeeping. */
export interface CheckpointSources {
  /** Every trained variable by name: the model's and the auxiliary heads'. */
  trained: Map<string, tf.Variable>;
  optimizer: AdamW;
  contrastive: ContrastiveTerm | undefined;
  /** The best epoch's weights so far, when the run validates. */
  best: Map<string, tf.Tensor> | undefined;
}

/**
 * Writes the checkpoint of a whole epoch: the loop's bookkeeping, weights, AdamW's moments,
 * the best epoch's weights and the contrastive term's memory; returns its path.
 */
export async function saveRunCheckpoint(
  dir: string,
  state: CheckpointState,
  { trained, optimizer, contrastive, best }: CheckpointSources,
): Promise<string> {
  const tensors: Record<string, tf.Tensor> = { ...optimizer.stateTensors() };
  for (const [name, v] of trained) tensors[`param/${name}`] = v;
  if (best) for (const [name, v] of best) tensors[`best/${name}`] = v;
  const termState = contrastive?.saveState?.();
  if (termState) {
    state.contrastive = termState.data;
    for (const [name, v] of Object.entries(termState.tensors)) tensors[`contrastive/${name}`] = v;
  }
  try {
    return await writeCheckpoint(dir, state, tensors);
  } finally {
    if (termState) tf.dispose(Object.values(termState.tensors));
  }
}

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
 * another run (`key`, the model config or the token limit differ, or no token limit recorded)
 * or one that does not fit the model is `CHECKPOINT_INVALID`, checked before anything is
 * restored, and nothing it read is left allocated.
 */
export function resumeFromCheckpoint(
  dir: string,
  key: unknown,
  { model, trained, optimizer, contrastive, auxiliary }: ResumeTargets,
): ResumedRun {
  const { state, tensors } = readCheckpoint(dir);
  const limitProblem = tokenLimitProblem(state.maxTokens, tokenLimitOf(model));
  if (limitProblem) {
    tf.dispose(Object.values(tensors));
    throw new ModelError("CHECKPOINT_INVALID", limitProblem, dir);
  }
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
