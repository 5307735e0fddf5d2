import type { HnmOptions } from "@biore/re-models";
import { decide, pairTypeMicroF1 } from "@biore/re-models";
import { heldOutScores, holdOutForSelection, trainEnsemble } from "@biore/re-models/experiment";
import type { PretrainResult } from "@biore/re-models/pretraining";
import type { TrainingProgress } from "../progress/training-progress.js";
import type { EnsembleSidecar } from "./model-dir.js";
import {
  type TrainModelOptions,
  type TrainedModel,
  createRunModel,
  progressCallbacks,
  runTrainOptions,
  toEpochRecord,
} from "./train-model.js";

/** What `biore train --ensemble n` needs: one run's options, for n members. */
export interface TrainEnsembleOptions
  extends Omit<TrainModelOptions, "progress" | "checkpointDir" | "resume" | "hnm"> {
  /** Members (n > 1), trained with seeds seed..seed+n-1. */
  members: number;
  /** A progress bar for the member trained with this seed. */
  progress(seed: number, member: number): TrainingProgress;
  /** Fresh hard-negative-miner instances for each member (HNM objective). */
  hnm?: () => HnmOptions;
}

/** An ensemble trained by `biore train`: the model (a view owning its members) and its record. */
export interface TrainedEnsembleModel
  extends Omit<TrainedModel, "interrupted" | "resumedFromEpoch"> {
  /** `biore.json`'s record of the members. */
  ensemble: EnsembleSidecar;
}

/**
 * Trains an ensemble with re-models' `trainEnsemble`, as `compare` trains each of its runs: n
 * members with seeds seed..seed+n-1 on the same held-out split (the run's seed), the linear typer
 * fitted once and shared, the ensemble's None bias and novelty threshold tuned on the held-out
 * slice with the averaged scores. Undefined when `signal` stopped it (nothing is kept: an
 * ensemble's training is not checkpointed).
 */
export async function trainEnsembleModel(
  options: TrainEnsembleOptions,
): Promise<TrainedEnsembleModel | undefined> {
  const data = holdOutForSelection(options.documents, { seed: options.seed });
  let pretraining: PretrainResult | undefined;
  let bar: TrainingProgress | undefined;
  let member = 0;
  const trained = await trainEnsemble(
    data,
    options.seed,
    options.members,
    {
      createModel: async (seed) => {
        const made = await createRunModel(options, data, seed);
        pretraining ??= made.pretraining;
        return made.model;
      },
      trainOptions: () => {
        const { hnm, ...rest } = options;
        return runTrainOptions({ ...rest, ...(hnm ? { hnm: hnm() } : {}) });
      },
      callbacks: (seed) => {
        bar?.stop(); // one member trains at a time
        bar = options.progress(seed, ++member);
        return progressCallbacks(bar);
      },
    },
    options.signal,
  ).finally(() => bar?.stop());
  if (!trained) return undefined;
  const { model, trainings } = trained;
  let heldOutF1: number;
  try {
    const scores = heldOutScores(model, data);
    heldOutF1 = pairTypeMicroF1(decide(scores, model.decision).labelIds, scores.labelIds).f1;
  } catch (error) {
    model.dispose();
    throw error;
  }
  const first = trainings[0] as (typeof trainings)[number];
  return {
    model,
    data,
    history: first.result.history.map(toEpochRecord),
    seconds: trainings.reduce((sum, t) => sum + t.seconds, 0),
    ...(pretraining ? { pretraining } : {}),
    ...(first.typer ? { typer: first.typer } : {}),
    ensemble: {
      size: options.members,
      members: trainings.map((t, m) => ({
        seed: options.seed + m,
        history: t.result.history.map(toEpochRecord),
        trainSeconds: t.seconds,
        bestEpoch: t.result.bestEpoch,
      })),
      heldOutF1,
    },
  };
}
