import type { BaseMetricLoss, BaseMiner, CrossBatchMemory } from "@biore/hard-negative-miner";
import type { EncodedDocument } from "@biore/relation-dataset";
import { ModelError } from "../errors.js";
import type { AuxiliaryTask } from "./auxiliary.js";
import type { BatchSampler } from "./batch-samplers.js";
import type { PairView } from "./contrastive-views.js";
import {
  type DistillationOptions,
  type ResolvedDistillation,
  resolveDistillation,
} from "./distillation.js";
import { checkSelectionWindow } from "./epoch-selection.js";
import type { ContrastiveTerm } from "./objective.js";
import type { RelationLoss } from "./relation-loss.js";
import type { ScheduleKind } from "./schedule.js";

/** Which objective to train: cross-entropy only, or cross-entropy + contrastive loss on mined hard negatives. */
export type Objective = "baseline" | "hnm";

/**
 * Options of the contrastive (HNM) objective. The parts are hard-negative-miner
 * instances, composed as a pytorch-metric-learning user composes them: any
 * `BaseMetricLoss` (with its own distance and reducer: `new SupConLoss({ reducer })`),
 * any `BaseMiner` (a subclass of your own included) and an optional
 * `CrossBatchMemory` wrapping them. Name-based presets live in the CLI.
 */
export interface HnmOptions {
  /** Metric loss (default `new SupConLoss({ temperature: 0.1 })`). Its reducer is the one used. */
  loss?: BaseMetricLoss;
  /**
   * Miner choosing the pairs/triplets the loss sees (default
   * `new TopKHardPairsMiner({ negatives: 32, positives: 4 })`); `null` = every valid pair.
   */
  miner?: BaseMiner | null;
  /**
   * Your own cross-batch memory bank. It brings its own loss and miner (leave
   * `loss`/`miner` out or pass the same instances) and is used as it is (not
   * emptied first: give each training run a fresh one); it stays yours to dispose.
   */
  memory?: CrossBatchMemory;
  /**
   * Size of the cross-batch memory the trainer builds around `loss` and
   * `miner` when no `memory` is given, so rare relation types find partners
   * in earlier batches (default 1024; 0 = no memory).
   */
  memorySize?: number;
  /** Weight of the contrastive term in the total loss (default 0.2). */
  weight?: number;
  /** Epochs trained with cross-entropy only before the contrastive term starts (default 1). */
  warmupEpochs?: number;
  /**
   * Epochs after warm-up over which the weight rises linearly (per step) from 0
   * to `weight`, instead of switching on at full weight (default 0 = at once).
   */
  weightRampEpochs?: number;
  /** Pairs sampled per class for the contrastive term (MPerClassSampler's m; default 8). */
  samplesPerClass?: number;
  /** At most this many pairs per batch enter the contrastive term (default 256). */
  maxPairs?: number;
  /**
   * Whether `None` pairs enter the contrastive term (default false: it only
   * separates relation types from each other, the fine-grained distinction
   * cross-entropy finds hardest, and leaves None to cross-entropy).
   */
  contrastNone?: boolean;
  /**
   * Where each anchor's negatives come from (default `"all"`). `"entity-types"`: only pairs of
   * the anchor's own entity-type pair (head type, tail type) — the type mask already separates
   * entity-type pairs, so the type decision's hard cases are other relation types of the same
   * entity-type pair. The pair's entity-type pair goes to the miner as its group (hard-negative-miner's
   * groups; the memory stores it beside the label), so the miner must respect groups
   * (`TopKHardPairsMiner`, `TopKHardNegativesMiner`).
   */
  negativesFrom?: "all" | "entity-types";
  /**
   * What the contrastive term counts as one class (default `"relation"`: the relation type).
   * `"relation-and-entity-types"`: relation type x entity-type pair, so each relation type gets one
   * prototype per entity-type pair it occurs with (its pairs of other entity types become negatives).
   */
  contrastLabel?: "relation" | "relation-and-entity-types";
  /**
   * A second view of each batch (e.g. `new TypeTokenView({ rate: 0.7 })`: entity names replaced by
   * their type tokens): the network runs once more on it, and the term contrasts both views of
   * each chosen pair (SupCon over both views; a pair's other view is one of its positives).
   * Default none: one view, as before. Costs a second forward and backward pass per step.
   */
  view?: PairView;
  /**
   * Epochs of contrastive pre-training before the cross-entropy starts (default 0): the first
   * `pretrainEpochs` epochs train encoder, pair MLP and projection on the contrastive term
   * alone (weight 1; no held-out validation, no early stopping), then training goes on as usual
   * (`warmupEpochs` of cross-entropy only, then both), the contrastive term kept on.
   */
  pretrainEpochs?: number;
  /** Replaces the built contrastive term entirely (tests, custom terms); loss/miner/memory are then unused. */
  term?: ContrastiveTerm;
}

/** Options of {@link train}. Everything has a default; `seed` fixes every random choice. */
export interface TrainOptions {
  objective?: Objective;
  /** Maximum epochs (default 20). */
  epochs?: number;
  /** Documents per batch (default 8). */
  batchSize?: number;
  /** Peak learning rate (default 3e-3, the recipe of the Train-fold hyperparameter search). */
  learningRate?: number;
  /**
   * Peak learning rate of a pretrained token encoder's parameters (names under `encoder/`,
   * e.g. a BERT checkpoint's; default 3e-5, the usual BERT fine-tuning rate, while the
   * heads take `learningRate`). Same schedule. The built-in conv encoder takes `learningRate`.
   */
  encoderLearningRate?: number;
  /** Decoupled weight decay on kernels (default 0.01). */
  weightDecay?: number;
  /** Learning-rate decay after warm-up (default cosine). */
  schedule?: ScheduleKind;
  /** Fraction of all steps spent in linear warm-up (default 0.05). */
  warmupFraction?: number;
  /** Global gradient-norm clip (default 1; 0 = off). */
  clipNorm?: number;
  /** Seed of shuffling, dropout and sampling (default 13). */
  seed?: number;
  /** Cross-entropy weight of `None` pairs (default 1). */
  noneWeight?: number;
  /** Weight of the novelty loss (default 0.5). */
  noveltyWeight?: number;
  /**
   * How the relation logits are trained (default `softmax`); `adaptive-threshold` = ATLOP's
   * loss, the None logit a learned per-pair threshold. The None bias is tuned on
   * `validation` either way.
   */
  relationLoss?: RelationLoss;
  /**
   * Label smoothing ε of the `softmax` relation loss (default 0 = off): the target keeps
   * 1 − ε on the gold label and spreads ε over the labels the pair's entity-type pair allows.
   */
  labelSmoothing?: number;
  /**
   * Weight of a type-only cross-entropy over the gold-related pairs, added to the loss (default
   * 0 = off): the gold type against the other types with None left out (`typeOnlyLoss`).
   */
  typeLossWeight?: number;
  /**
   * Also tune per-type logit offsets of the decision rule on `validation`
   * (`tuneTypeBiases`; default false: only the None bias and novelty threshold).
   */
  tuneTypeBiases?: boolean;
  /**
   * Probability that a concept's mentions lose their word ids in a training step and keep
   * only their entity type (entity masking; 0 = off). Inference never masks. Default
   * {@link DEFAULT_ENTITY_MASK} for the built-in conv encoder (BioRED Dev, seeds 1-3: pair
   * +2.6, +type +2.7); 0 for a pretrained encoder, whose id 0 is a real token (BERT's [PAD]).
   */
  entityMask?: number;
  /**
   * Decay of an exponential moving average of the parameters that validation and the final
   * model use instead of the last step's weights (default 0 = off; e.g. 0.98). A resumed run
   * restarts the average from the resumed weights.
   */
  parameterAverage?: number;
  /** Held-out documents for early stopping and for tuning the decision rule (never the evaluation split). */
  validation?: readonly EncodedDocument[];
  /**
   * Epochs without a better pick before stopping (default 5: with the 3-epoch window this is the
   * whole 10-epoch curve of the BioRED recipe in 26 of 26 measured runs; 3 cut 3 of them short).
   */
  patience?: number;
  /**
   * How model selection reads the validation F1. 3 (the default): the epoch in the middle of the
   * best centred 3-epoch mean of F1 (from the third validated epoch on; patience then counts
   * epochs without a better window); 1: the epoch with the best F1. A small validation slice's
   * F1 jumps from epoch to epoch, and a single early high wins under 1. Round 2.7 chose 3 on
   * BioRED Train folds (+1.0 [-0.05, 2.0] held-out +type over 16 runs) and BioRED Dev agreed on
   * 10 fresh seeds (+0.8 baseline / +1.0 HNM +type, seed spread halved;
   * experiments/summaries/selection-rules-round27.md, selection-replication-round27.md).
   * Costs one more weight snapshot.
   */
  selectionWindow?: number;
  /** Where to write a checkpoint after every epoch (atomically). */
  checkpointDir?: string;
  /** Continue from the checkpoint in `checkpointDir` when there is one. */
  resume?: boolean;
  /** Options of the `hnm` objective. */
  hnm?: HnmOptions;
  /**
   * How each epoch's documents form batches (default {@link LengthBucketedBatches}: shuffled,
   * length-sorted within windows). `new ClassBalancedBatches({ minPerType: 2 })` puts at least
   * two pairs of every relation type present into a batch, as far as the documents allow.
   */
  batchSampler?: BatchSampler;
  /**
   * Other corpora trained beside the main documents (multi-task learning; default none): each
   * step adds each task's weighted loss on one of its batches, through the shared encoder and
   * pair MLP. Model selection still reads `validation` only.
   */
  auxiliary?: readonly AuxiliaryTask[];
  /**
   * Knowledge distillation (default off): every step also pulls the model's softened relation
   * distribution towards a teacher's on the same pairs (`teacherLogits` of an ensemble, say),
   * weight x T² x cross-entropy at temperature T, beside the gold labels' cross-entropy.
   */
  distillation?: DistillationOptions;
  /**
   * Stops after the current step when aborted (the trainer yields to the event loop between
   * steps, so signal handlers run). A partial epoch is not recorded or checkpointed.
   */
  signal?: AbortSignal;
}

/** Progress of one optimization step. */
export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  step: number;
  loss: number;
  crossEntropy: number;
  novelty: number;
  contrastive: number | null;
  /** The distillation term before its weight (only with `distillation`). */
  distillation?: number | null;
  /** Sum of the auxiliary tasks' weighted losses this step (only with `auxiliary` tasks). */
  auxiliary?: number | null;
  learningRate: number;
  gradNorm: number;
}

/** What one epoch did. */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  /** Pair+type micro-F1 on the validation documents (tuned None bias), or null without validation. */
  validationF1: number | null;
  seconds: number;
  contrastiveActive: boolean;
  /**
   * What the miner kept this epoch, as fractions of the candidate positive and
   * negative pairs it was offered (absent without a miner or before the term starts).
   */
  mining?: MiningStats;
}

/** Fractions of the candidate pairs a miner kept (pairs: a triplet counts its two pairs). */
export interface MiningStats {
  positivesKept: number;
  negativesKept: number;
}

/** Progress hooks; the library never prints. */
export interface TrainCallbacks {
  /** After every optimizer step, with the running loss. */
  onBatchEnd?(progress: BatchProgress): void;
  /** After each epoch's validation; awaited, so a caller can yield (e.g. to see Ctrl-C). */
  onEpochEnd?(record: EpochRecord): void | Promise<void>;
  /** After a checkpoint has been written atomically to `path`. */
  onCheckpoint?(path: string, epoch: number): void;
}

/** What {@link train} returns. */
export interface TrainResult {
  /** One record per completed epoch. */
  history: EpochRecord[];
  /** Epoch whose weights the model holds (best validation F1). */
  bestEpoch: number;
  /** Validation pair+type F1 of that epoch; null without validation data. */
  bestValidationF1: number | null;
  /** True when early stopping ended the run before `epochs`. */
  stoppedEarly: boolean;
  /** True when the run continued from a checkpoint. */
  resumedFromEpoch: number | null;
}

/** Options with every default filled in. */
export type ResolvedTrainOptions = Required<
  Omit<
    TrainOptions,
    | "validation"
    | "checkpointDir"
    | "signal"
    | "hnm"
    | "auxiliary"
    | "batchSampler"
    | "distillation"
  >
> &
  Pick<TrainOptions, "validation" | "checkpointDir" | "signal" | "batchSampler"> & {
    hnm: ResolvedHnmOptions;
    auxiliary: readonly AuxiliaryTask[];
    distillation: ResolvedDistillation | undefined;
  };

/** HNM options with every default filled in (instances stay as given; absent = the default). */
export type ResolvedHnmOptions = Required<
  Pick<
    HnmOptions,
    | "weight"
    | "warmupEpochs"
    | "weightRampEpochs"
    | "samplesPerClass"
    | "maxPairs"
    | "contrastNone"
    | "memorySize"
    | "negativesFrom"
    | "contrastLabel"
    | "pretrainEpochs"
  >
> &
  Pick<HnmOptions, "loss" | "miner" | "memory" | "term" | "view">;

/** `TrainOptions.entityMask`'s default for the built-in conv encoder (Peng et al. 2020's rate). */
export const DEFAULT_ENTITY_MASK = 0.7;

/** Fills in defaults; `defaults` carries those that depend on the model (its encoder). */
export function resolveTrainOptions(
  options: TrainOptions,
  defaults: { entityMask?: number } = {},
): ResolvedTrainOptions {
  const hnm = options.hnm ?? {};
  return checkRanges({
    objective: options.objective ?? "baseline",
    epochs: options.epochs ?? 20,
    batchSize: options.batchSize ?? 8,
    learningRate: options.learningRate ?? 3e-3,
    encoderLearningRate: options.encoderLearningRate ?? 3e-5,
    weightDecay: options.weightDecay ?? 0.01,
    schedule: options.schedule ?? "cosine",
    warmupFraction: options.warmupFraction ?? 0.05,
    clipNorm: options.clipNorm ?? 1,
    seed: options.seed ?? 13,
    noneWeight: options.noneWeight ?? 1,
    noveltyWeight: options.noveltyWeight ?? 0.5,
    relationLoss: options.relationLoss ?? "softmax",
    labelSmoothing: options.labelSmoothing ?? 0,
    typeLossWeight: options.typeLossWeight ?? 0,
    tuneTypeBiases: options.tuneTypeBiases ?? false,
    entityMask: options.entityMask ?? defaults.entityMask ?? DEFAULT_ENTITY_MASK,
    parameterAverage: options.parameterAverage ?? 0,
    patience: options.patience ?? 5,
    selectionWindow: options.selectionWindow ?? 3,
    resume: options.resume ?? false,
    validation: options.validation,
    checkpointDir: options.checkpointDir,
    signal: options.signal,
    batchSampler: options.batchSampler,
    auxiliary: options.auxiliary ?? [],
    distillation: options.distillation ? resolveDistillation(options.distillation) : undefined,
    hnm: {
      loss: hnm.loss,
      miner: hnm.miner,
      memory: hnm.memory,
      memorySize: hnm.memorySize ?? 1024,
      weight: hnm.weight ?? 0.2,
      warmupEpochs: hnm.warmupEpochs ?? 1,
      weightRampEpochs: hnm.weightRampEpochs ?? 0,
      samplesPerClass: hnm.samplesPerClass ?? 8,
      maxPairs: hnm.maxPairs ?? 256,
      contrastNone: hnm.contrastNone ?? false,
      negativesFrom: hnm.negativesFrom ?? "all",
      contrastLabel: hnm.contrastLabel ?? "relation",
      pretrainEpochs: hnm.pretrainEpochs ?? 0,
      view: hnm.view,
      term: hnm.term,
    },
  });
}

/** Refuses resolved settings outside their range, before any training work. */
function checkRanges(opts: ResolvedTrainOptions): ResolvedTrainOptions {
  checkSelectionWindow(opts.selectionWindow);
  if (!(opts.parameterAverage >= 0 && opts.parameterAverage < 1))
    throw new ModelError(
      "INVALID_CONFIG",
      `parameterAverage must be a decay in [0, 1), got ${opts.parameterAverage}`,
    );
  if (!(Number.isFinite(opts.typeLossWeight) && opts.typeLossWeight >= 0))
    throw new ModelError(
      "INVALID_CONFIG",
      `typeLossWeight must be a number >= 0, got ${opts.typeLossWeight}`,
    );
  if (!(opts.labelSmoothing >= 0 && opts.labelSmoothing < 1))
    throw new ModelError(
      "INVALID_CONFIG",
      `labelSmoothing must be in [0, 1), got ${opts.labelSmoothing}`,
    );
  if (opts.labelSmoothing > 0 && opts.relationLoss !== "softmax")
    throw new ModelError(
      "INVALID_CONFIG",
      `labelSmoothing applies to the softmax relation loss, not ${opts.relationLoss}`,
    );
  if (!(opts.entityMask >= 0 && opts.entityMask <= 1))
    throw new ModelError(
      "INVALID_CONFIG",
      `entityMask must be a probability in [0, 1], got ${opts.entityMask}`,
    );
  if (!(Number.isFinite(opts.hnm.weightRampEpochs) && opts.hnm.weightRampEpochs >= 0))
    throw new ModelError(
      "INVALID_CONFIG",
      `hnm.weightRampEpochs must be a finite number >= 0, got ${opts.hnm.weightRampEpochs}`,
    );
  const pretrain = opts.hnm.pretrainEpochs;
  if (!(Number.isInteger(pretrain) && pretrain >= 0))
    throw new ModelError(
      "INVALID_CONFIG",
      `hnm.pretrainEpochs must be an integer >= 0, got ${pretrain}`,
    );
  if (pretrain > 0 && opts.objective === "hnm" && pretrain >= opts.epochs)
    throw new ModelError(
      "INVALID_CONFIG",
      `hnm.pretrainEpochs (${pretrain}) leaves no epoch for cross-entropy (epochs ${opts.epochs})`,
    );
  if (!["all", "entity-types"].includes(opts.hnm.negativesFrom))
    throw new ModelError(
      "INVALID_CONFIG",
      `hnm.negativesFrom must be "all" or "entity-types", got ${String(opts.hnm.negativesFrom)}`,
    );
  if (!["relation", "relation-and-entity-types"].includes(opts.hnm.contrastLabel))
    throw new ModelError(
      "INVALID_CONFIG",
      `hnm.contrastLabel must be "relation" or "relation-and-entity-types", got ${String(opts.hnm.contrastLabel)}`,
    );
  return opts;
}
