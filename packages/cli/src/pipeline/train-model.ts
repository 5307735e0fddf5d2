import type { BioCDocument } from "@biore/bioc-io";
import {
  type DistillationOptions,
  type HnmOptions,
  type ModelSize,
  type RelationModel,
  type TrainCallbacks,
  encodeForModel,
} from "@biore/re-models";
import {
  type TrainRunOptions,
  type TrainingData,
  type TyperRunOptions,
  type TyperRunRecord,
  holdOutForSelection,
  trainRun,
} from "@biore/re-models/experiment";
import { type PretrainResult, pretrainTokenEmbeddings } from "@biore/re-models/pretraining";
import type { TrainingProgress } from "../progress/training-progress.js";
import type { EpochRecord } from "../reports/types.js";
import { UserError } from "../user-error.js";
import { type EncoderChoice, createModelWithEncoder } from "./encoder-option.js";
import { type DistillFrom, distillationFor } from "./distill-option.js";
import { dropPretraining, keepPretraining, keptPretraining } from "./pretraining-record.js";
import { entityMaskOf } from "./entity-mask-option.js";
import { type SelectionWindow, selectionWindowOf } from "./selection-window-option.js";

/** How the CLI builds one model: encoder, size, seed, and optional embedding pre-training. */
export interface ModelRecipe {
  size: ModelSize;
  /** Token encoder (default: the built-in conv one). */
  encoder?: EncoderChoice;
  /**
   * Start the token embeddings from word2vec vectors trained on the fitted
   * Train text plus these unlabeled documents.
   */
  pretrain?: { unlabeled: readonly BioCDocument[] };
  /** One-line notes (pre-training progress). */
  log?: (line: string) => void;
}

/**
 * A fresh model for one run, with its token embeddings pre-trained when the recipe asks. With
 * `checkpointDir`, what pre-training did is kept there, and a `resume` (which skips pre-training:
 * the checkpoint holds the embeddings) returns that record, so both runs describe it alike.
 */
export async function createRunModel(
  recipe: ModelRecipe,
  data: TrainingData,
  seed: number,
  options: { resume?: boolean; checkpointDir?: string } = {},
): Promise<{ model: RelationModel; pretraining?: PretrainResult }> {
  if (recipe.encoder?.kind === "hf" && recipe.pretrain) {
    throw new UserError(
      "--pretrain-embeddings trains word2vec vectors for the built-in conv encoder",
      "drop --pretrain-embeddings with --encoder hf:<folder> (the checkpoint is pretrained already)",
    );
  }
  const model = createModelWithEncoder(recipe.encoder ?? { kind: "conv" }, data, {
    size: recipe.size,
    seed,
  });
  try {
    return { model, ...(await pretrainingFor(recipe, data, model, options)) };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Pre-trains `model`'s token embeddings when the recipe asks and says what it did; on resume
 * (the checkpoint holds the embeddings) the record kept in `checkpointDir` instead.
 */
async function pretrainingFor(
  recipe: ModelRecipe,
  data: TrainingData,
  model: RelationModel,
  { resume, checkpointDir }: { resume?: boolean; checkpointDir?: string },
): Promise<{ pretraining?: PretrainResult }> {
  if (resume) {
    if (!recipe.pretrain) return {};
    const kept = checkpointDir === undefined ? undefined : keptPretraining(checkpointDir);
    if (!kept)
      recipe.log?.(
        "the checkpoint keeps no pre-training record (an earlier biore wrote it): biore.json will not describe the pre-training",
      );
    return kept ? { pretraining: kept } : {};
  }
  // an earlier run's record must not describe this one
  if (checkpointDir !== undefined) dropPretraining(checkpointDir);
  if (!recipe.pretrain) return {};
  const documents = [...data.fitDocuments, ...recipe.pretrain.unlabeled];
  recipe.log?.(
    `pre-training token embeddings (word2vec skip-gram) on ${documents.length} documents`,
  );
  const pretraining = await pretrainTokenEmbeddings(model, documents);
  recipe.log?.(
    `pre-trained ${pretraining.rowsInitialized} of ${pretraining.rowsInitialized + pretraining.rowsKept} token embeddings on ${pretraining.tokens} tokens`,
  );
  if (checkpointDir !== undefined) keepPretraining(checkpointDir, pretraining);
  return { pretraining };
}

/** Trainer callbacks that drive the CLI's progress bar and epoch lines. */
export function progressCallbacks(progress: TrainingProgress): TrainCallbacks {
  let currentEpoch = 0;
  return {
    onBatchEnd: (p) => {
      if (p.epoch !== currentEpoch) {
        currentEpoch = p.epoch;
        progress.startEpoch(p.epoch, p.batches);
      }
      progress.batch(p.batch, p.loss);
    },
    onEpochEnd: (record) => {
      progress.endEpoch(toEpochRecord(record), record.contrastiveActive ? "(+contrastive)" : "");
      // The trainer yields between steps; this extra turn lets the epoch line reach
      // stderr before the next epoch starts.
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

/** What one `biore train` run needs. */
export interface TrainModelOptions extends ModelRecipe {
  documents: readonly BioCDocument[];
  objective: "baseline" | "hnm";
  epochs: number;
  seed: number;
  progress: TrainingProgress;
  checkpointDir?: string;
  resume?: boolean;
  signal?: AbortSignal;
  /** The HNM objective's hard-negative-miner instances; library defaults when absent. */
  hnm?: HnmOptions;
  /** `TrainOptions.entityMask`; the trainer's default (by encoder) when absent. */
  entityMask?: number;
  /** `TrainOptions.selectionWindow`; the trainer's default (3) when absent. */
  selectionWindow?: SelectionWindow;
  /** Fit and fuse a linear typer after training (`--typer-weight`); none when absent. */
  typer?: TyperRunOptions;
  /** Learn from a teacher's scores too (`--distill-from`); its logits are taken after the split. */
  distill?: DistillFrom;
}

/** A trained model and how it got there. */
export interface TrainedModel {
  model: RelationModel;
  data: TrainingData;
  history: EpochRecord[];
  seconds: number;
  /** True when Ctrl-C stopped training before the last epoch. */
  interrupted: boolean;
  resumedFromEpoch: number | null;
  /** What embedding pre-training read and did, when it ran. */
  pretraining?: PretrainResult;
  /** The typer step, when `--typer-weight` asked for one. */
  typer?: TyperRunRecord;
}

/**
 * Trains one model with the experiment runner: a seeded slice of Train (the run's seed) held
 * out for model selection, then re-models' trainer with progress reporting.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainedModel> {
  const data = holdOutForSelection(options.documents, { seed: options.seed });
  const { model, pretraining } = await createRunModel(options, data, options.seed, {
    ...(options.resume ? { resume: true } : {}),
    ...(options.checkpointDir !== undefined ? { checkpointDir: options.checkpointDir } : {}),
  }).catch((error: unknown) => {
    options.distill?.teacher.model.dispose();
    throw error;
  });
  let distillation: DistillationOptions | undefined;
  if (options.distill) {
    try {
      // only the fit documents are trained on, so only they need the teacher's targets, in the
      // order the trainer reads their pairs (trainRun re-encodes them for a pretrained encoder)
      const student = model.preprocessing.wordPieces
        ? encodeForModel(model, data.fitDocuments)
        : data.fit;
      distillation = distillationFor(options.distill, data, student);
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  const trained = await trainRun(
    model,
    data,
    {
      ...runTrainOptions(options),
      seed: options.seed,
      ...(distillation ? { distillation } : {}),
      ...(options.checkpointDir ? { checkpointDir: options.checkpointDir } : {}),
      ...(options.resume ? { resume: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    progressCallbacks(options.progress),
  );
  options.progress.stop();
  return {
    model,
    data,
    history: trained.result.history.map(toEpochRecord),
    seconds: trained.seconds,
    interrupted: trained.interrupted,
    resumedFromEpoch: trained.result.resumedFromEpoch,
    ...(pretraining ? { pretraining } : {}),
    ...(trained.typer ? { typer: trained.typer } : {}),
  };
}

/** The trainer's options a `biore train` run asks for (objective, epochs, HNM, masking, selection, typer). */
export function runTrainOptions(
  options: Pick<
    TrainModelOptions,
    "objective" | "epochs" | "hnm" | "entityMask" | "selectionWindow" | "typer"
  >,
): Omit<TrainRunOptions, "seed"> {
  return {
    objective: options.objective,
    epochs: options.epochs,
    ...(options.hnm && options.objective === "hnm" ? { hnm: options.hnm } : {}),
    ...entityMaskOf(options.entityMask),
    ...selectionWindowOf(options.selectionWindow),
    ...(options.typer ? { typer: options.typer } : {}),
  };
}

/** The CLI report's record of one epoch. */
export function toEpochRecord(record: {
  epoch: number;
  trainLoss: number;
  validationF1: number | null;
  seconds: number;
}): EpochRecord {
  return {
    epoch: record.epoch,
    loss: record.trainLoss,
    ...(record.validationF1 === null ? {} : { valF1: record.validationF1 }),
    seconds: record.seconds,
  };
}
