import type { BioCDocument } from "@biore/bioc-io";
import type { BioredLevel } from "@biore/re-metrics";
import { ModelError } from "../errors.js";
import type { RelationModel } from "../model/relation-model.js";
import type { TrainCallbacks } from "../training/options.js";
import { type RunEvaluation, evaluateRun } from "./evaluate-run.js";
import { type HeldOutOptions, type TrainingData, holdOutForSelection } from "./held-out.js";
import {
  type BootstrapSettings,
  type LevelComparison,
  type LevelSummary,
  compareSystems,
  documentUnits,
  seedSummary,
} from "./seed-summary.js";
import { trainEnsemble } from "./train-ensemble.js";
import type { TrainRunOptions, TrainRunResult } from "./train-run.js";

/** One system of an experiment: how to build its model and train it. */
export interface ExperimentSystem {
  name: string;
  /** A fresh model for one run (initialize its token embeddings here, e.g. pre-trained vectors). */
  createModel(data: TrainingData, seed: number): RelationModel | Promise<RelationModel>;
  /** The trainer's options for one run (fresh HNM instances each time); the run's seed is added. */
  trainOptions(seed: number): Omit<TrainRunOptions, "seed">;
}

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  /** Training documents; a seeded slice of them is held out for model selection. */
  train: readonly BioCDocument[];
  /** Documents the models are scored on (never used for model selection). */
  evaluate: readonly BioCDocument[];
  /** One run of every system per seed; the systems of a seed share its held-out split. */
  seeds: readonly number[];
  /**
   * Models per run (default 1). With n > 1 each run is an ensemble: n models trained with
   * seeds seed..seed+n-1 on the run's held-out split, their relation and novelty logits
   * averaged per candidate pair, the None bias and novelty threshold tuned on the held-out
   * slice with the averaged scores; the ensemble is then scored like one model.
   */
  ensemble?: number;
  /** The first system is the reference every other one is compared with. */
  systems: readonly ExperimentSystem[];
  /** The held-out policy; `seed` absent = each run's own seed (a fixed one keeps one split). */
  heldOut?: Omit<HeldOutOptions, "seed"> & { seed?: number };
  /** Resamples and seed of every bootstrap CI and paired test. */
  bootstrap: BootstrapSettings;
  /** Names the evaluation documents in error messages. */
  source?: string;
  /** Stops after the current training step; the result then says `interrupted`. */
  signal?: AbortSignal;
  /** Progress hooks of one run's training. */
  callbacks?(system: string, seed: number): TrainCallbacks;
  /**
   * Sees each trained model and its evaluation before the model is disposed (an ensemble's
   * `ensembleView`: averaged scores, the first member's embeddings).
   */
  onRun?(run: ExperimentRun, model: RelationModel): void | Promise<void>;
}

/** One trained and evaluated model. */
export interface ExperimentRun {
  system: string;
  seed: number;
  /** The training documents as split and encoded for this seed. */
  data: TrainingData;
  /** An ensemble's: the first member's record, with every member's seconds summed. */
  training: TrainRunResult;
  evaluation: RunEvaluation;
  /** An ensemble's members (seed and training), in seed order; absent for one model. */
  members?: { seed: number; training: TrainRunResult }[];
}

/** A later system against the reference (the first), on the same documents and seeds. */
export interface SystemComparison {
  system: string;
  reference: string;
  levels: Record<BioredLevel, LevelComparison>;
}

/** What {@link runExperiment} returns. */
export interface ExperimentResult {
  runs: ExperimentRun[];
  /** Mean ± sd over seeds and bootstrap CIs, per system (empty when interrupted). */
  summaries: Record<string, Record<BioredLevel, LevelSummary>>;
  /** Every later system against the first (empty when interrupted). */
  comparisons: SystemComparison[];
  /** True when `signal` stopped a run: `runs` holds the finished ones. */
  interrupted: boolean;
}

/**
 * Trains every system once per seed with model selection on a held-out slice of the training
 * documents, scores each model on the evaluation documents with re-metrics' BioRED scoring,
 * then summarizes every system over seeds and compares each with the first by paired bootstrap.
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const { heldOut = {}, ensemble = 1 } = options;
  if (!Number.isInteger(ensemble) || ensemble < 1) {
    throw new ModelError("INVALID_INPUT", `ensemble must be a whole number >= 1, got ${ensemble}`);
  }
  const runs: ExperimentRun[] = [];
  for (const seed of options.seeds) {
    const data = holdOutForSelection(options.train, { ...heldOut, seed: heldOut.seed ?? seed });
    for (const system of options.systems) {
      const run = await runSystem(system, seed, data, options);
      if (!run) return { runs, summaries: {}, comparisons: [], interrupted: true };
      runs.push(run);
    }
  }
  const units = Object.fromEntries(
    options.systems.map((s) => [
      s.name,
      documentUnits(runs.filter((r) => r.system === s.name).map((r) => r.evaluation.counts)),
    ]),
  );
  const summaries = Object.fromEntries(
    options.systems.map((s) => [s.name, seedSummary(units[s.name]!, options.bootstrap)]),
  );
  const [reference, ...others] = options.systems;
  const comparisons = reference
    ? others.map((s) => ({
        system: s.name,
        reference: reference.name,
        levels: compareSystems(units[s.name]!, units[reference.name]!, options.bootstrap),
      }))
    : [];
  return { runs, summaries, comparisons, interrupted: false };
}

/** Trains one system's model (or ensemble) for one seed and evaluates it; undefined if stopped. */
async function runSystem(
  system: ExperimentSystem,
  seed: number,
  data: TrainingData,
  options: ExperimentOptions,
): Promise<ExperimentRun | undefined> {
  const size = options.ensemble ?? 1;
  const { callbacks } = options;
  const trained = await trainEnsemble(
    data,
    seed,
    size,
    {
      createModel: (memberSeed) => system.createModel(data, memberSeed),
      trainOptions: (memberSeed) => system.trainOptions(memberSeed),
      ...(callbacks ? { callbacks: (memberSeed) => callbacks(system.name, memberSeed) } : {}),
    },
    options.signal,
  );
  if (!trained) return undefined;
  const { model, members, trainings } = trained;
  try {
    const evaluation = evaluateRun(model, options.evaluate, {
      ...(options.source ? { source: options.source } : {}),
    });
    const first = trainings[0] as TrainRunResult;
    const run: ExperimentRun = {
      system: system.name,
      seed,
      data,
      training:
        size === 1
          ? first
          : { ...first, seconds: trainings.reduce((sum, t) => sum + t.seconds, 0) },
      evaluation,
      ...(size > 1
        ? { members: trainings.map((training, m) => ({ seed: seed + m, training })) }
        : {}),
    };
    await options.onRun?.(run, model);
    return run;
  } finally {
    for (const member of members) member.dispose();
  }
}
