import { existsSync } from "node:fs";
import { join } from "node:path";
import type { HnmOptions } from "@biore/re-models";
import { decide, pairTypeMicroF1 } from "@biore/re-models";
import { heldOutScores, holdOutForSelection, trainEnsemble } from "@biore/re-models/experiment";
import type { PretrainResult } from "@biore/re-models/pretraining";
import type { TrainingProgress } from "../progress/training-progress.js";
import {
  clearMemberCheckpoints,
  finishedMember,
  keepFinishedMember,
  memberCheckpointDir,
} from "./ensemble-checkpoint.js";
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
  extends Omit<TrainModelOptions, "progress" | "checkpointDir" | "hnm"> {
  /** Members (n > 1), trained with seeds seed..seed+n-1. */
  members: number;
  /** A progress bar for the member trained with this seed. */
  progress(seed: number, member: number): TrainingProgress;
  /** Fresh hard-negative-miner instances for each member (HNM objective). */
  hnm?: () => HnmOptions;
  /**
   * Where the members keep their checkpoints and, once finished, themselves (`member-<k>/`), so
   * that `resume` continues a stopped run member by member.
   */
  checkpointDir: string;
  /** What identifies the run for the member of this seed: a finished member under another key is refused. */
  memberKey(seed: number): string;
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
 * slice with the averaged scores. Each member checkpoints every epoch and is kept once finished
 * under `checkpointDir`; with `resume`, finished members are used as they are and the stopped
 * one continues from its last epoch. Undefined when `signal` stopped it (what finished is kept).
 */
export async function trainEnsembleModel(
  options: TrainEnsembleOptions,
): Promise<TrainedEnsembleModel | undefined> {
  const data = holdOutForSelection(options.documents, { seed: options.seed });
  const resume = options.resume === true;
  if (!resume) clearMemberCheckpoints(options.checkpointDir);
  const memberOf = (seed: number) => seed - options.seed + 1;
  const dirOf = (seed: number) => memberCheckpointDir(options.checkpointDir, memberOf(seed));
  // the first member's pre-training record is the ensemble's (biore.json)
  const pretrainings = new Map<number, PretrainResult>();
  let bar: TrainingProgress | undefined;
  const trained = await trainEnsemble(
    data,
    options.seed,
    options.members,
    {
      trained: (seed) => {
        if (!resume) return undefined;
        const member = `member ${memberOf(seed)}/${options.members} (seed ${seed})`;
        const finished = finishedMember(dirOf(seed), options.memberKey(seed), member);
        if (!finished) return undefined;
        options.log?.(`${member}: finished before, kept as it is`);
        if (finished.pretraining) pretrainings.set(seed, finished.pretraining);
        return finished;
      },
      createModel: async (seed) => {
        // a member resuming its checkpoint gets its embeddings from it, its pre-training record
        // from beside it
        const fromCheckpoint = resume && existsSync(join(dirOf(seed), "checkpoint.bin"));
        const made = await createRunModel(options, data, seed, {
          resume: fromCheckpoint,
          checkpointDir: dirOf(seed),
        });
        if (made.pretraining) pretrainings.set(seed, made.pretraining);
        return made.model;
      },
      trainOptions: (seed) => {
        const { hnm, ...rest } = options;
        return {
          ...runTrainOptions({ ...rest, ...(hnm ? { hnm: hnm() } : {}) }),
          checkpointDir: dirOf(seed),
          ...(resume ? { resume: true } : {}),
        };
      },
      callbacks: (seed) => {
        bar?.stop(); // one member trains at a time
        bar = options.progress(seed, memberOf(seed));
        return progressCallbacks(bar);
      },
      onTrained: (seed, model, training) =>
        keepFinishedMember(
          dirOf(seed),
          options.memberKey(seed),
          model,
          training,
          pretrainings.get(seed),
        ),
    },
    options.signal,
  ).finally(() => bar?.stop());
  const pretraining = pretrainings.get(options.seed);
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
