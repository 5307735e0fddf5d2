// REFIT=1 in experiments/biored.ts: refit on all of Train after selection. Stage 1 is the usual
// run (trained on the fit part; epoch and decision rule chosen on the held-out slice). Then a
// fresh model — same seed, vocabularies, label space and initialization — trains on
// fit ∪ held-out for stage 1's best epoch count and takes stage 1's decision rule (None bias,
// novelty threshold, type biases), tuned on held-out scores of the stage-1 model: the refit model
// has trained on those documents, so nothing may be tuned on its own held-out scores.
//
// Epochs (decided before any Dev figure): the refit trains exactly E* epochs (stage 1's best), so
// each document is seen E* times as in stage 1; the count is not scaled down to stage 1's number
// of steps, since the 11 % more steps per epoch are on new documents, not more passes over the same
// ones. The learning-rate schedule keeps stage 1's horizon (EPOCHS epochs of the larger set,
// warm-up then cosine) and training stops after epoch E*: the refit ends at the same point of the
// same schedule as the stage-1 weights the rule was tuned for. (A schedule annealed over E* epochs
// would end at learning rate 0 — a different model from the one selected.)
import type { RelationDataset } from "@biore/relation-dataset";
import { trainRun } from "../src/experiment/index.js";
import {
  type DecisionRule,
  type Objective,
  type PairScores,
  type RelationModel,
  type TrainResult,
  decide,
} from "../src/index.js";
import { logCallbacks, trainOptionsOf } from "./run-steps.js";
import type { RunSettings } from "./settings.js";

/** The refit model and how it trained. */
export interface Refit {
  model: RelationModel;
  /** Epochs trained: stage 1's best epoch. */
  epochs: number;
  /** Training documents: fit ∪ held-out. */
  documents: number;
  training: TrainResult;
  seconds: number;
}

/** What a refit needs from stage 1 and the run. */
export interface RefitInputs {
  /** The selected stage-1 model: its decision rule is kept. */
  stage1: RelationModel;
  /** Stage 1's best epoch (the number of epochs the refit trains). */
  bestEpoch: number;
  fit: RelationDataset;
  heldOut: RelationDataset;
  /** Builds and initializes a model the way stage 1's was (same seed, same vectors). */
  freshModel: (dataset: RelationDataset) => RelationModel;
  objective: Objective;
  seed: number;
  settings: RunSettings;
  log: (line: string) => void;
}

/**
 * Fit ∪ held-out as one training set. Both parts were encoded with the fit part's tokenizer,
 * label space and candidate-pair filter, so the refit model's configuration (and with the same
 * seed, its initial weights) is stage 1's.
 */
export function fitAndHeldOut(fit: RelationDataset, heldOut: RelationDataset): RelationDataset {
  return { ...fit, documents: [...fit.documents, ...heldOut.documents] };
}

/** Trains a fresh model on fit ∪ held-out for stage 1's best epoch count (see the header). */
export async function refitOnAllOfTrain(inputs: RefitInputs): Promise<Refit> {
  const { bestEpoch, settings, log } = inputs;
  if (!Number.isInteger(bestEpoch) || bestEpoch < 1 || bestEpoch > settings.epochs) {
    throw new Error(`refit: stage 1's best epoch ${bestEpoch} is not in 1..${settings.epochs}`);
  }
  const all = fitAndHeldOut(inputs.fit, inputs.heldOut);
  const model = inputs.freshModel(all);
  log(`refit: ${all.documents.length} docs (fit ∪ held-out), ${bestEpoch} epochs`);
  // stops between epochs; the schedule's horizon stays settings.epochs
  const stop = new AbortController();
  const logged = logCallbacks(log);
  const run = await trainRun(
    model,
    // no validation: no early stopping, no tuning on documents the model trains on
    { fit: all, validation: { ...inputs.heldOut, documents: [] } },
    { ...trainOptionsOf(inputs.objective, inputs.seed, settings), signal: stop.signal },
    {
      ...logged,
      onEpochEnd: (record) => {
        logged.onEpochEnd?.(record);
        if (record.epoch >= bestEpoch) stop.abort();
      },
    },
  );
  if (run.result.history.length !== bestEpoch) {
    throw new Error(`refit trained ${run.result.history.length} epochs, not ${bestEpoch}`);
  }
  model.decision = { ...inputs.stage1.decision };
  return {
    model,
    epochs: bestEpoch,
    documents: all.documents.length,
    training: run.result,
    seconds: run.seconds,
  };
}

/** Pairs `rule` predicts as a relation (not None). */
function positives(scores: PairScores, rule: DecisionRule): number {
  let n = 0;
  for (const label of decide(scores, rule).labelIds) if (label !== 0) n++;
  return n;
}

/** Pairs `rule` predicts as a novel relation. */
function novelPositives(scores: PairScores, rule: DecisionRule): number {
  const decisions = decide(scores, rule);
  let n = 0;
  decisions.labelIds.forEach((label, p) => {
    if (label !== 0 && decisions.novel[p] === 1) n++;
  });
  return n;
}

/**
 * A None bias for the refit model (an exploratory variant, REFIT=1's `-rate` records): stage 1's
 * rule transfers its None bias as a number, but two models' logit scales differ. This bias makes
 * the refit model predict as many relation pairs on the fit documents — which both models trained
 * on for the same epochs of the same schedule — as the stage-1 model does with its rule. No label
 * is read: only counts of predicted pairs.
 */
export function rateMatchedNoneBias(
  stage1Fit: PairScores,
  stage1Rule: DecisionRule,
  refitFit: PairScores,
): number {
  const target = positives(stage1Fit, stage1Rule);
  // positives(bias) falls as the bias rises: bisect for the smallest bias with at most `target`
  let low = -50;
  let high = 50;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (positives(refitFit, { ...stage1Rule, noneBias: mid }) > target) low = mid;
    else high = mid;
  }
  return high;
}

/**
 * The same count matching for the novelty threshold (REFIT=1's `-rate-novelty` records): given the
 * refit model's rule (None bias already matched), the threshold at which it predicts as many novel
 * relations on the fit documents as the stage-1 model does with its rule. No label is read.
 */
export function rateMatchedNoveltyThreshold(
  stage1Fit: PairScores,
  stage1Rule: DecisionRule,
  refitFit: PairScores,
  refitRule: DecisionRule,
): number {
  const target = novelPositives(stage1Fit, stage1Rule);
  // novelPositives(threshold) falls as the threshold rises
  let low = 0;
  let high = 1;
  for (let i = 0; i < 40; i++) {
    const mid = (low + high) / 2;
    if (novelPositives(refitFit, { ...refitRule, noveltyThreshold: mid }) > target) low = mid;
    else high = mid;
  }
  return high;
}
