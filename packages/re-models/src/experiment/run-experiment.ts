import type { BioCDocument } from "@biore/bioc-io";
import type { BioredLevel } from "@biore/re-metrics";
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
import { type TrainRunOptions, type TrainRunResult, trainRun } from "./train-run.js";

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
  /** Sees each trained model and its evaluation before the model is disposed. */
  onRun?(run: ExperimentRun, model: RelationModel): void | Promise<void>;
}

/** One trained and evaluated model. */
export interface ExperimentRun {
  system: string;
  seed: number;
  /** The training documents as split and encoded for this seed. */
  data: TrainingData;
  training: TrainRunResult;
  evaluation: RunEvaluation;
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
  const runs: ExperimentRun[] = [];
  const { heldOut = {} } = options;
  for (const seed of options.seeds) {
    const data = holdOutForSelection(options.train, { ...heldOut, seed: heldOut.seed ?? seed });
    for (const system of options.systems) {
      const model = await system.createModel(data, seed);
      try {
        const training = await trainRun(
          model,
          data,
          {
            ...system.trainOptions(seed),
            seed,
            ...(options.signal ? { signal: options.signal } : {}),
          },
          options.callbacks?.(system.name, seed) ?? {},
        );
        if (options.signal?.aborted)
          return { runs, summaries: {}, comparisons: [], interrupted: true };
        const evaluation = evaluateRun(model, options.evaluate, {
          ...(options.source ? { source: options.source } : {}),
        });
        const run = { system: system.name, seed, data, training, evaluation };
        runs.push(run);
        await options.onRun?.(run, model);
      } finally {
        model.dispose();
      }
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
