import type { TrainCallbacks } from "../training/options.js";
import { ModelError } from "../errors.js";
import type { RelationModel } from "../model/relation-model.js";
import { owningEnsembleView } from "../model/ensemble-view.js";
import { tuneEnsembleDecision } from "./ensemble.js";
import type { TrainingData } from "./held-out.js";
import { type TrainRunOptions, type TrainRunResult, trainRun } from "./train-run.js";

/** How {@link trainEnsemble} builds and trains the member of one seed. */
export interface EnsembleRecipe {
  /** A fresh model for the member trained with this seed. */
  createModel(seed: number): RelationModel | Promise<RelationModel>;
  /** The trainer's options for that member; the seed is added. */
  trainOptions(seed: number): Omit<TrainRunOptions, "seed">;
  /** Progress hooks of that member's training. */
  callbacks?(seed: number): TrainCallbacks;
  /**
   * The member of this seed as an earlier, stopped run trained it (a resumed ensemble keeps its
   * finished members), used as it is; undefined creates and trains it. A first member given here
   * shares its typer (`training.typer.typer`) with the members trained after it.
   */
  trained?(
    seed: number,
  ):
    | { model: RelationModel; training: TrainRunResult }
    | undefined
    | Promise<{ model: RelationModel; training: TrainRunResult } | undefined>;
  /** Told about each member this run trained (not those from `trained`), e.g. to keep it. */
  onTrained?(seed: number, model: RelationModel, training: TrainRunResult): void | Promise<void>;
}

/** What {@link trainEnsemble} trained; the caller owns it: `model.dispose()` frees every member. */
export interface TrainedEnsemble {
  /**
   * The model to use: the one member when `size` is 1, else the members' `ensembleView` with
   * its decision rule tuned on the held-out slice, whose `dispose` frees every member.
   */
  model: RelationModel;
  /** The members in seed order (seed, seed + 1, ...). */
  members: RelationModel[];
  /** Each member's training, in the same order. */
  trainings: TrainRunResult[];
}

/**
 * Trains `size` models with seeds seed..seed+size-1 on the same fit / held-out split of `data`
 * (`trainRun` each; a typer, when the options ask for one, is fitted for the first member and
 * shared by the others, since they share its fit documents). With more than one member, their
 * relation and novelty logits are averaged (`ensembleView`) and the None bias and novelty
 * threshold tuned on the held-out slice with the averaged scores (`tuneEnsembleDecision`).
 * Undefined when `signal` stopped training (every model made so far is disposed).
 */
export async function trainEnsemble(
  data: TrainingData,
  seed: number,
  size: number,
  recipe: EnsembleRecipe,
  signal?: AbortSignal,
): Promise<TrainedEnsemble | undefined> {
  if (!Number.isInteger(size) || size < 1)
    throw new ModelError("INVALID_INPUT", `ensemble must be a whole number >= 1, got ${size}`);
  const members: RelationModel[] = [];
  const trainings: TrainRunResult[] = [];
  try {
    for (let m = 0; m < size; m++) {
      const memberSeed = seed + m;
      const earlier = await recipe.trained?.(memberSeed);
      if (earlier) {
        members.push(earlier.model);
        trainings.push(earlier.training);
        continue;
      }
      const model = await recipe.createModel(memberSeed);
      members.push(model);
      const trainOptions = recipe.trainOptions(memberSeed);
      // the typer is fitted on the run's fit documents, the same for every member: fit it once
      const shared = trainings[0]?.typer?.typer;
      const training = await trainRun(
        model,
        data,
        {
          ...trainOptions,
          ...(trainOptions.typer && shared
            ? { typer: { ...trainOptions.typer, fitted: shared } }
            : {}),
          seed: memberSeed,
          ...(signal ? { signal } : {}),
        },
        recipe.callbacks?.(memberSeed) ?? {},
      );
      if (signal?.aborted) {
        for (const member of members) member.dispose();
        return undefined;
      }
      trainings.push(training);
      await recipe.onTrained?.(memberSeed, model, training);
    }
    // one model is itself: exactly the single-model path
    if (size === 1) return { model: members[0] as RelationModel, members, trainings };
    const model = owningEnsembleView(members);
    model.decision = tuneEnsembleDecision(model, data);
    return { model, members, trainings };
  } catch (error) {
    for (const member of members) member.dispose();
    throw error;
  }
}
