import type { BioCDocument } from "@biore/bioc-io";
import {
  type HnmOptions,
  type ModelSize,
  type RelationModel,
  encodeForModel,
  train,
} from "@biore/re-models";
import { type PretrainResult, pretrainTokenEmbeddings } from "@biore/re-models/pretraining";
import type { TrainingProgress } from "../progress/training-progress.js";
import type { EpochRecord } from "../reports/types.js";
import { UserError } from "../user-error.js";
import { type EncoderChoice, createModelWithEncoder } from "./encoder-option.js";
import { type TrainingData, prepareTrainingData } from "./prepare.js";

/** What one training run needs. */
export interface TrainModelOptions {
  documents: readonly BioCDocument[];
  objective: "baseline" | "hnm";
  epochs: number;
  seed: number;
  size: ModelSize;
  progress: TrainingProgress;
  checkpointDir?: string;
  resume?: boolean;
  signal?: AbortSignal;
  /** Train already split and encoded for this seed (compare shares it between models). */
  data?: TrainingData;
  /**
   * Start the token embeddings from word2vec vectors trained on the fitted
   * Train text plus these unlabeled documents (skipped on resume: the
   * checkpoint holds the embeddings).
   */
  pretrain?: { unlabeled: readonly BioCDocument[] };
  /** One-line notes (pre-training progress). */
  log?: (line: string) => void;
  /** The HNM objective's hard-negative-miner instances (fresh ones per run); library defaults when absent. */
  hnm?: HnmOptions;
  /** Token encoder (default: the built-in conv one). */
  encoder?: EncoderChoice;
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
}

/**
 * Trains one model: holds out a slice of Train for model selection, builds
 * the network and runs re-models' trainer with progress reporting. Baseline
 * and HNM get identical data, batches and initialization for the same seed.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainedModel> {
  const started = performance.now();
  const data = options.data ?? prepareTrainingData(options.documents, options.seed);
  if (options.encoder?.kind === "hf" && options.pretrain) {
    throw new UserError(
      "--pretrain-embeddings trains word2vec vectors for the built-in conv encoder",
      "drop --pretrain-embeddings with --encoder hf:<folder> (the checkpoint is pretrained already)",
    );
  }
  const model = createModelWithEncoder(options.encoder ?? { kind: "conv" }, data, options);
  // a pretrained encoder reads its own wordpieces (same candidate pairs and labels)
  const wordPieces = model.preprocessing.wordPieces !== undefined;
  const fitDocuments = wordPieces
    ? encodeForModel(model, data.fitDocuments).documents
    : data.fit.documents;
  const validationDocuments = wordPieces
    ? encodeForModel(model, data.validationDocuments).documents
    : data.validation.documents;
  let pretraining: PretrainResult | undefined;
  if (options.pretrain && !options.resume) {
    options.log?.(
      `pre-training token embeddings (word2vec skip-gram) on ${data.fitDocuments.length + options.pretrain.unlabeled.length} documents`,
    );
    pretraining = await pretrainTokenEmbeddings(model, [
      ...data.fitDocuments,
      ...options.pretrain.unlabeled,
    ]);
    options.log?.(
      `pre-trained ${pretraining.rowsInitialized} of ${pretraining.rowsInitialized + pretraining.rowsKept} token embeddings on ${pretraining.tokens} tokens`,
    );
  }
  const { progress } = options;
  let currentEpoch = 0;
  const result = await train(
    model,
    { documents: fitDocuments },
    {
      objective: options.objective,
      epochs: options.epochs,
      seed: options.seed,
      validation: validationDocuments,
      ...(options.hnm && options.objective === "hnm" ? { hnm: options.hnm } : {}),
      ...(options.checkpointDir ? { checkpointDir: options.checkpointDir } : {}),
      ...(options.resume ? { resume: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    {
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
    },
  );
  progress.stop();
  return {
    model,
    data,
    history: result.history.map(toEpochRecord),
    seconds: (performance.now() - started) / 1000,
    interrupted:
      options.signal?.aborted === true &&
      result.history.length < options.epochs &&
      !result.stoppedEarly,
    resumedFromEpoch: result.resumedFromEpoch,
    ...(pretraining ? { pretraining } : {}),
  };
}

function toEpochRecord(record: {
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
