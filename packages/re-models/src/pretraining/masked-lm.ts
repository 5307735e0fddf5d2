import type { EncodedDocument } from "@biore/relation-dataset";
import { globalNorm } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import { batchTensors, buildBatchArrays, disposeBatchTensors } from "../model/batch-inputs.js";
import { convTokenEncoder } from "../model/conv-encoder.js";
import type { RelationModel } from "../model/relation-model.js";
import type { TokenEncoder } from "../model/token-encoder.js";
import { deriveSeed, shuffled } from "../random.js";
import { AdamW } from "../training/adamw.js";
import { ensureGradientsRegistered } from "../training/gradients.js";
import { learningRateAt } from "../training/schedule.js";
import type { UnlabeledSequence } from "./corpus.js";
import { PretrainingError } from "./errors.js";
import { createMaskedLmHead, maskedLmLoss } from "./masked-lm-head.js";
import { type MaskOptions, type MaskedSequence, maskTokens } from "./masking.js";

/** Options of {@link pretrainTokenEncoder}. */
export interface MaskedLmOptions {
  /** Passes over the sequences (default 1). */
  epochs?: number;
  /** Sequences per step (default 8, as relation training). */
  batchSize?: number;
  /** Peak AdamW rate, linear warm-up then linear decay (default 2e-3). */
  learningRate?: number;
  /** Warm-up steps (default 100). */
  warmupSteps?: number;
  /** Decoupled weight decay of every parameter but biases and norms (default 0.01). */
  weightDecay?: number;
  /** Gradient clipping by global norm; 0 = off (default 1). */
  clipNorm?: number;
  /** Share of each sequence's tokens to predict (default 0.15). */
  maskRate?: number;
  /** How chosen tokens are hidden (default `bert`: 80 / 10 / 10). */
  strategy?: MaskOptions["strategy"];
  /** Stop after this many steps even mid-epoch (a time budget); default none. */
  maxSteps?: number;
  /** Seed of order and masks (default the model's seed). */
  seed?: number;
  /** Sequences to measure held-out loss and accuracy on, each with one fixed mask. */
  heldOut?: readonly UnlabeledSequence[];
  /** Evaluate on `heldOut` every this many steps (default: at each epoch end only). */
  evaluateEvery?: number;
  /** Called at every evaluation (libraries never print). */
  onProgress?: (record: MaskedLmRecord) => void;
}

/** Masked-token figures at one point of pre-training. */
export interface MaskedLmRecord {
  step: number;
  epoch: number;
  /** Mean cross-entropy and accuracy over the training targets since the previous record. */
  trainLoss: number;
  trainAccuracy: number;
  /** The same on the held-out sequences, masked with the run's strategy (null without any). */
  heldOutLoss: number | null;
  heldOutAccuracy: number | null;
  /**
   * The same held-out targets with every one hidden by the mask id: no kept or random token
   * to copy, so the figure to compare across strategies and with other models (null without
   * held-out sequences).
   */
  heldOutMaskedLoss: number | null;
  heldOutMaskedAccuracy: number | null;
  /** Wall seconds since the start. */
  seconds: number;
}

/** What {@link pretrainTokenEncoder} did. */
export interface MaskedLmResult {
  steps: number;
  /** Targets predicted in training (all epochs). */
  targets: number;
  history: MaskedLmRecord[];
  /** The settings used (defaults filled in). */
  options: Required<
    Omit<MaskedLmOptions, "heldOut" | "onProgress" | "maxSteps" | "evaluateEvery">
  > & {
    maxSteps: number | null;
  };
}

/**
 * Pre-trains the model's built-in conv token encoder (token and entity-type embeddings, input
 * projection, residual conv stack) on unlabeled sequences by masked-token prediction, in
 * place: BERT's objective with a softmax tied to the token-embedding table. Only the encoder's
 * parameters change; the output head is discarded. Save the result with `saveTokenEncoder`
 * and start a relation model from it with `initializeTokenEncoder`. Sequences must be encoded
 * with the model's tokenizer (`encodeUnlabeledDocuments`).
 * Throws `NOT_CONV_ENCODER`, `EMPTY_CORPUS`, `TOKEN_OUT_OF_RANGE`, `INVALID_OPTIONS`.
 */
export async function pretrainTokenEncoder(
  model: RelationModel,
  sequences: readonly UnlabeledSequence[],
  options: MaskedLmOptions = {},
): Promise<MaskedLmResult> {
  ensureGradientsRegistered();
  const config = model.config;
  if (config.encoder)
    throw new PretrainingError(
      "NOT_CONV_ENCODER",
      `masked-token pre-training is for the built-in conv encoder; this model uses "${config.encoder.kind}"`,
      "config.encoder",
    );
  const settings = {
    epochs: options.epochs ?? 1,
    batchSize: options.batchSize ?? 8,
    learningRate: options.learningRate ?? 2e-3,
    warmupSteps: options.warmupSteps ?? 100,
    weightDecay: options.weightDecay ?? 0.01,
    clipNorm: options.clipNorm ?? 1,
    maskRate: options.maskRate ?? 0.15,
    strategy: options.strategy ?? "bert",
    seed: options.seed ?? config.seed,
  };
  for (const key of ["epochs", "batchSize"] as const)
    if (!(Number.isInteger(settings[key]) && settings[key] >= 1))
      throw new PretrainingError("INVALID_OPTIONS", `${key} must be a positive integer`, key);
  checkSequences(sequences, config.vocabSize, "sequences");
  checkSequences(options.heldOut ?? [], config.vocabSize, "heldOut");
  if (!sequences.some((s) => s.tokenIds.length > 0))
    throw new PretrainingError("EMPTY_CORPUS", "no sequence holds a token to pre-train on");

  const encoder = convTokenEncoder(config);
  const encoderNames = encoder.paramSpecs().map((s) => s.name);
  const head = createMaskedLmHead(config);
  const trained = new Map<string, tf.Variable>(head);
  for (const name of encoderNames) trained.set(name, model.params.get(name) as tf.Variable);
  const param = (name: string) => trained.get(name) as tf.Variable;
  const optimizer = new AdamW(trained);
  const trainer: Trainer = {
    encoder,
    param,
    trained,
    byId: new Map([...trained].map(([name, v]) => [v.name, name])),
    optimizer,
    weightDecay: settings.weightDecay,
    clipNorm: settings.clipNorm,
  };
  const mask = (ids: Int32Array, seed: number, strategy = settings.strategy) =>
    maskTokens(ids, { rate: settings.maskRate, seed, vocabSize: config.vocabSize, strategy });

  const batchesEach = Math.ceil(sequences.length / settings.batchSize);
  const totalSteps = Math.min(options.maxSteps ?? Infinity, batchesEach * settings.epochs);
  const history: MaskedLmRecord[] = [];
  const started = performance.now();
  let step = 0;
  let targets = 0;
  let sumLoss = 0;
  let sumCorrect = 0;
  let sinceTargets = 0;
  let epoch = 0;

  const record = (atEpoch: number) => {
    // each held-out sequence keeps one mask for the whole run, so records compare
    const evaluate = (strategy: MaskOptions["strategy"]) =>
      options.heldOut?.length
        ? evaluateMaskedLm(encoder, param, config, options.heldOut, settings.batchSize, (ids, i) =>
            mask(ids, deriveSeed(settings.seed, 7, i), strategy),
          )
        : null;
    const held = evaluate(settings.strategy);
    // the same positions (they are drawn before any replacement), every one hidden
    const hidden = settings.strategy === "mask" ? held : evaluate("mask");
    const entry: MaskedLmRecord = {
      step,
      epoch: atEpoch,
      trainLoss: sinceTargets > 0 ? sumLoss / sinceTargets : Number.NaN,
      trainAccuracy: sinceTargets > 0 ? sumCorrect / sinceTargets : Number.NaN,
      heldOutLoss: held ? held.loss : null,
      heldOutAccuracy: held ? held.accuracy : null,
      heldOutMaskedLoss: hidden ? hidden.loss : null,
      heldOutMaskedAccuracy: hidden ? hidden.accuracy : null,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(entry);
    options.onProgress?.(entry);
    sumLoss = 0;
    sumCorrect = 0;
    sinceTargets = 0;
  };

  try {
    if (options.heldOut?.length) record(0); // where the untrained head starts
    training: for (epoch = 1; epoch <= settings.epochs; epoch++) {
      const order = shuffled(
        sequences.map((_, i) => i),
        deriveSeed(settings.seed, 1, epoch),
      );
      for (let start = 0; start < order.length; start += settings.batchSize) {
        if (step >= totalSteps) break training;
        const group = order
          .slice(start, start + settings.batchSize)
          .map((i) => sequences[i] as UnlabeledSequence);
        const masked = group.map((s, k) =>
          mask(s.tokenIds, deriveSeed(settings.seed, 2, step * settings.batchSize + k)),
        );
        const prepared = prepareBatch(group, masked, config);
        if (!prepared) continue;
        const rate = learningRateAt(
          step,
          totalSteps,
          settings.learningRate,
          settings.warmupSteps,
          "linear",
        );
        const { loss, correct } = updateStep(trainer, prepared, rate, step);
        const n = prepared.targets.length;
        step++;
        targets += n;
        sumLoss += loss * n;
        sumCorrect += correct;
        sinceTargets += n;
        if (options.evaluateEvery && step % options.evaluateEvery === 0) record(epoch);
        // let timers and signals through between steps
        if (step % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      if (!options.evaluateEvery || step % options.evaluateEvery !== 0) record(epoch);
    }
    if (sinceTargets > 0) record(Math.min(epoch, settings.epochs));
  } finally {
    optimizer.dispose();
    for (const v of head.values()) v.dispose();
  }
  return {
    steps: step,
    targets,
    history,
    options: { ...settings, maxSteps: options.maxSteps ?? null },
  };
}

/** What one update needs: the encoder, the trained variables by name and their optimizer. */
interface Trainer {
  encoder: TokenEncoder;
  param: (name: string) => tf.Tensor;
  trained: Map<string, tf.Variable>;
  /** tfjs variable name -> parameter name. */
  byId: Map<string, string>;
  optimizer: AdamW;
  weightDecay: number;
  clipNorm: number;
}

/** No weight decay on biases, norms and the entity-type rows (row 0 is all pre-training sees). */
const decays = (name: string) => !/bias|norm_|entity_types/.test(name);

/** One AdamW step on a masked batch (gradients clipped by global norm); the loss and hits. */
function updateStep(
  t: Trainer,
  prepared: NonNullable<ReturnType<typeof prepareBatch>>,
  rate: number,
  step: number,
): { loss: number; correct: number } {
  let predicted: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const out = maskedLmLoss(t.encoder, t.param, prepared.batch, prepared.rows, prepared.targets);
    predicted = out.predicted;
    return out.loss;
  }, [...t.trained.values()]);
  const gradList = Object.values(grads);
  const norm = globalNorm(gradList);
  const loss = value.dataSync()[0] as number;
  const correct = countEqual((predicted as tf.Tensor1D).dataSync() as Int32Array, prepared.targets);
  tf.dispose([value, predicted as tf.Tensor1D]);
  disposeBatchTensors(prepared.batch);
  if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
    tf.dispose(gradList);
    throw new PretrainingError(
      "NON_FINITE_LOSS",
      `masked-token loss is ${loss} at step ${step}`,
      `step ${step}`,
    );
  }
  const named: Record<string, tf.Tensor> = {};
  for (const [id, grad] of Object.entries(grads)) named[t.byId.get(id) ?? id] = grad;
  const scale = t.clipNorm > 0 && norm > t.clipNorm ? t.clipNorm / norm : 1;
  t.optimizer.apply(named, rate, t.weightDecay, decays, undefined, scale);
  tf.dispose(gradList);
  return { loss, correct };
}

/** Mean masked-token loss and accuracy over sequences, each masked by `masker(ids, index)`. */
function evaluateMaskedLm(
  encoder: TokenEncoder,
  param: (name: string) => tf.Tensor,
  config: ModelConfig,
  sequences: readonly UnlabeledSequence[],
  batchSize: number,
  masker: (ids: Int32Array, index: number) => MaskedSequence,
): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  let count = 0;
  for (let i = 0; i < sequences.length; i += batchSize) {
    const group = sequences.slice(i, i + batchSize);
    const prepared = prepareBatch(
      group,
      group.map((s, k) => masker(s.tokenIds, i + k)),
      config,
    );
    if (!prepared) continue;
    const [mean, predicted] = tf.tidy(() => {
      const out = maskedLmLoss(encoder, param, prepared.batch, prepared.rows, prepared.targets);
      return [out.loss, out.predicted] as const;
    });
    const n = prepared.targets.length;
    loss += (mean.dataSync()[0] as number) * n;
    correct += countEqual(predicted.dataSync() as Int32Array, prepared.targets);
    count += n;
    tf.dispose([mean, predicted]);
    disposeBatchTensors(prepared.batch);
  }
  return { loss: loss / Math.max(count, 1), accuracy: correct / Math.max(count, 1) };
}

/** The batch tensors of masked sequences and the flat target rows; null when nothing is masked. */
function prepareBatch(
  group: readonly UnlabeledSequence[],
  masked: readonly MaskedSequence[],
  config: ModelConfig,
) {
  const documents = group.map((s, k) => asDocument(s, (masked[k] as MaskedSequence).input));
  const arrays = buildBatchArrays(documents, config.numEntityTypes);
  const rows: number[] = [];
  const targets: number[] = [];
  masked.forEach((m, row) => {
    m.positions.forEach((p, j) => {
      rows.push(row * arrays.maxTokens + p);
      targets.push(m.targets[j] as number);
    });
  });
  if (rows.length === 0) return null;
  return {
    batch: batchTensors(arrays, config.numEntityTypes, config.embeddingDim),
    rows: Int32Array.from(rows),
    targets: Int32Array.from(targets),
  };
}

const NONE = new Int32Array(0);

/** An unlabeled sequence as an encoded document without entities or pairs. */
function asDocument(sequence: UnlabeledSequence, tokenIds: Int32Array): EncodedDocument {
  return {
    documentId: sequence.documentId,
    tokenIds,
    entityTypeIds: new Int32Array(tokenIds.length),
    sentenceIds: sequence.sentenceIds,
    conceptTypeIds: NONE,
    mentionStart: NONE,
    mentionEnd: NONE,
    mentionConcept: NONE,
    pairHead: NONE,
    pairTail: NONE,
    pairFeatures: new Float32Array(0),
    labelIds: NONE,
    novelIds: NONE,
    pairTypeIds: NONE,
  };
}

function countEqual(a: Int32Array, b: Int32Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if (a[i] === b[i]) n++;
  return n;
}

function checkSequences(
  sequences: readonly UnlabeledSequence[],
  vocabSize: number,
  what: string,
): void {
  sequences.forEach((s, i) => {
    for (const id of s.tokenIds)
      if (!(id >= 0 && id < vocabSize))
        throw new PretrainingError(
          "TOKEN_OUT_OF_RANGE",
          `token id ${id} is outside the model's vocabulary of ${vocabSize}`,
          `${what}[${i}] (document ${s.documentId})`,
        );
  });
}
