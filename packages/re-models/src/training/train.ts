import type { EncodedDocument } from "@biore/relation-dataset";
import { globalNorm } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { ModelError } from "../errors.js";
import { decide, pairTypeMicroF1, tuneDecisionRule, tuneNoneBias } from "../inference/decision.js";
import { batchTensors, buildBatchArrays, disposeBatchTensors } from "../model/batch-inputs.js";
import { PROJECTION_PREFIX, TYPE_MASK_PARAM } from "../model/params.js";
import { setTypeMask } from "../model/type-mask.js";
import { validateDocuments } from "../model/validate-input.js";
import type { RelationModel } from "../model/relation-model.js";
import { deriveSeed } from "../random.js";
import { AdamW } from "./adamw.js";
import { AuxiliaryTraining } from "./auxiliary.js";
import { LengthBucketedBatches } from "./batch-samplers.js";
import { hasCheckpoint } from "./checkpoint.js";
import { buildContrastiveTerm, describeHnmParts } from "./contrastive.js";
import { batchTeacherLogits } from "./distillation.js";
import { maskEntityWords } from "./entity-mask.js";
import { ParameterAverage } from "./parameter-average.js";
import { ensureGradientsRegistered } from "./gradients.js";
import { EpochSelector } from "./epoch-selection.js";
import { contrastivePhase, contrastiveWeightOf } from "./contrastive-ramp.js";
import {
  type ContrastiveTerm,
  type LossParts,
  type ObjectiveWeights,
  objectiveLoss,
} from "./objective.js";
import {
  type EpochRecord,
  type TrainCallbacks,
  type TrainOptions,
  type TrainResult,
  DEFAULT_ENTITY_MASK,
  resolveTrainOptions,
} from "./options.js";
import { resumeFromCheckpoint, runKey, saveRunCheckpoint, tokenLimitOf } from "./run-checkpoint.js";
import { learningRateAt } from "./schedule.js";

/** Parameters of a pretrained token encoder (their own learning rate). */
const PRETRAINED_ENCODER_PREFIX = "encoder/";

/** Labelled, encoded training documents (from relation-dataset's `buildDataset`). */
export interface TrainData {
  documents: readonly EncodedDocument[];
}

/** Lets pending I/O and signal handlers run. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Pair+type F1 on validation documents with the None bias tuned on them. */
function validationF1(model: RelationModel, documents: readonly EncodedDocument[]): number {
  const scores = model.score(documents);
  const { noneBias } = tuneNoneBias(scores);
  const decisions = decide(scores, { noneBias, noveltyThreshold: 0.5 });
  return pairTypeMicroF1(decisions.labelIds, scores.labelIds).f1;
}

/**
 * Trains a model in place. `baseline` minimizes cross-entropy (+ novelty);
 * `hnm` adds weight x a contrastive loss on mined hard negatives. Both see the
 * same batches, dropout masks and schedule for the same seed. Early stopping
 * and the None decision rule use `options.validation` (a held-out slice of the
 * training documents; never the evaluation split).
 */
export async function train(
  model: RelationModel,
  data: TrainData,
  options: TrainOptions = {},
  callbacks: TrainCallbacks = {},
): Promise<TrainResult> {
  ensureGradientsRegistered();
  // a typer was fitted beside the network as it was; training changes the network under it
  if (model.typer)
    throw new ModelError(
      "INVALID_INPUT",
      "this model has a linear typer attached, fitted to the network as it was: detachTyper() before training, then fit and attach a new one (trainRun does both)",
    );
  // entity masking writes id 0, a spare row of the built-in encoder but a real token of a pretrained one
  const opts = resolveTrainOptions(options, {
    entityMask: model.config.encoder ? 0 : DEFAULT_ENTITY_MASK,
  });
  const docs = data.documents;
  validateDocuments(model.config, docs);
  if (opts.validation) validateDocuments(model.config, opts.validation);
  const sampler = opts.batchSampler ?? new LengthBucketedBatches();
  const batchesEach = sampler.count(docs, opts.batchSize);
  if (batchesEach === 0)
    throw new ModelError("INVALID_INPUT", "no training document has a candidate pair");
  const numLabels = model.labelSpace.labels.length;
  // every training document needs the teacher's logits: refused before any step, not mid-epoch
  if (opts.distillation) batchTeacherLogits(opts.distillation.teacher, docs, numLabels);
  const totalSteps = batchesEach * opts.epochs;
  const warmupSteps = Math.round(totalSteps * opts.warmupFraction);
  // everything that holds tensors is made inside the try, so a refused term, checkpoint
  // or option still frees what was made before it
  let auxiliary: AuxiliaryTraining | undefined;
  let optimizer: AdamW | undefined;
  let contrastive: ContrastiveTerm | undefined;
  let average: ParameterAverage | undefined;

  let history: EpochRecord[] = [];
  let bestEpoch = 0;
  let bestF1: number | null = null;
  let startEpoch = 1;
  let resumedFromEpoch: number | null = null;
  let best: Map<string, tf.Tensor> | undefined;
  // window 3: the previous epoch's weights, kept until the window centred on it is complete
  let previous: Map<string, tf.Tensor> | undefined;
  const selector = new EpochSelector(opts.selectionWindow);

  const decay = (name: string) => name.endsWith("kernel") || name.endsWith("_kernel");
  let stoppedEarly = false;
  try {
    auxiliary =
      opts.auxiliary.length > 0
        ? new AuxiliaryTraining(
            opts.auxiliary,
            model.config,
            model.labelSpace,
            opts.batchSize,
            opts.seed,
          )
        : undefined;
    // the auxiliary heads train beside the model's parameters but are not part of the model
    const trained = auxiliary ? new Map([...model.params, ...auxiliary.params]) : model.params;
    optimizer = new AdamW(trained);
    contrastive =
      opts.objective === "hnm"
        ? (opts.hnm.term ?? buildContrastiveTerm(opts.hnm, model.config.projectionDim))
        : undefined;
    const key = runKey(opts, docs.length, auxiliary);
    setTypeMask(model.params, model.config, docs);
    if (opts.resume && opts.checkpointDir && hasCheckpoint(opts.checkpointDir)) {
      const resumed = resumeFromCheckpoint(opts.checkpointDir, key, {
        model,
        trained,
        optimizer,
        contrastive,
        auxiliary,
      });
      ({ history, bestEpoch, bestF1, startEpoch, resumedFromEpoch, best } = resumed);
      const validated = history.flatMap((h) =>
        h.validationF1 === null ? [] : [{ epoch: h.epoch, f1: h.validationF1 }],
      );
      selector.restore(validated, bestEpoch, resumed.stale);
    }

    if (opts.parameterAverage > 0)
      average = new ParameterAverage(model.params, opts.parameterAverage);
    const snapshot = () => (average ? average.snapshot() : model.snapshot());
    // a resumed window-3 run: the checkpoint's weights are the last epoch's, the next centre
    if (opts.selectionWindow === 3 && resumedFromEpoch !== null) previous = snapshot();
    // label smoothing reads the type mask, a constant from the data: once, not every step
    const mask = model.config.typeMask ? model.params.get(TYPE_MASK_PARAM) : undefined;
    const labelSmoothing =
      opts.labelSmoothing > 0
        ? {
            epsilon: opts.labelSmoothing,
            ...(mask ? { typeMask: mask.dataSync() as Float32Array } : {}),
          }
        : undefined;
    let stoppedMidEpoch = false;
    for (let epoch = startEpoch; epoch <= opts.epochs; epoch++) {
      if (opts.signal?.aborted) break;
      const started = performance.now();
      // pre-training (the term alone), cross-entropy warm-up, then both
      const phase = contrastive ? contrastivePhase(opts.hnm, epoch) : "off";
      const contrastiveActive = phase !== "off";
      const baseWeights: ObjectiveWeights = {
        noneWeight: opts.noneWeight,
        noveltyWeight: opts.noveltyWeight,
        relationLoss: opts.relationLoss,
        ...(opts.typeLossWeight > 0 ? { typeLoss: opts.typeLossWeight } : {}),
        ...(labelSmoothing ? { labelSmoothing } : {}),
      };
      const varList = [...trained.entries()]
        .filter(([name]) => contrastiveActive || !name.startsWith(PROJECTION_PREFIX))
        .filter(([name]) => name !== TYPE_MASK_PARAM) // a constant from the data
        .filter(([, v]) => v.trainable) // frozen: a pretrained encoder's lower layers
        .map(([, v]) => v);
      const names = new Map(
        varList.map((v) => [v.name, [...trained.entries()].find(([, p]) => p === v)?.[0] ?? ""]),
      );
      const batches = sampler.batches(docs, opts.batchSize, opts.seed, epoch);
      let lossSum = 0;
      for (let index = 0; index < batches.length; index++) {
        // A step is synchronous: without a turn of the event loop between steps, a caller's
        // signal handler (Ctrl-C) would only run at the epoch's end. ~µs per step.
        if (opts.signal) await yieldToEventLoop();
        if (opts.signal?.aborted) {
          stoppedMidEpoch = true;
          break;
        }
        const step = optimizer.step;
        const arrays = buildBatchArrays(
          batches[index] as EncodedDocument[],
          model.config.numEntityTypes,
        );
        // the contrastive term's second view, built from the arrays before entity masking
        const view =
          contrastiveActive && opts.hnm.view
            ? batchTensors(
                opts.hnm.view.of(
                  batches[index] as EncodedDocument[],
                  arrays,
                  deriveSeed(opts.seed, 7, step),
                ),
                model.config.numEntityTypes,
                model.config.embeddingDim,
              )
            : undefined;
        maskEntityWords(
          batches[index] as EncodedDocument[],
          arrays,
          opts.entityMask,
          deriveSeed(opts.seed, 5, step),
        );
        const batch = batchTensors(arrays, model.config.numEntityTypes, model.config.embeddingDim);
        // the teacher's logits of this batch's pairs, when distilling
        const distillation = opts.distillation && {
          teacherLogits: tf.tensor2d(
            batchTeacherLogits(
              opts.distillation.teacher,
              batches[index] as EncodedDocument[],
              numLabels,
            ),
            [arrays.numPairs, numLabels],
          ),
          weight: opts.distillation.weight,
          temperature: opts.distillation.temperature,
        };
        const weights: ObjectiveWeights = {
          ...baseWeights,
          ...(distillation ? { distillation } : {}),
          ...(contrastiveActive && contrastive
            ? {
                contrastive: {
                  term: contrastive,
                  weight: contrastiveWeightOf(opts.hnm, epoch, index, batchesEach),
                  ...(view ? { view } : {}),
                  ...(phase === "pretrain" ? { only: true } : {}),
                },
              }
            : {}),
        };
        const parts: Partial<LossParts> = {};
        let auxiliaryLoss: tf.Scalar | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const main = objectiveLoss(
            model.params,
            model.config,
            batch,
            weights,
            deriveSeed(opts.seed, 3, step),
            parts,
          );
          if (!auxiliary) return main;
          const extra = auxiliary.loss(trained, step, opts.entityMask);
          auxiliaryLoss = tf.keep(extra);
          return tf.add(main, extra) as tf.Scalar;
        }, varList);
        const gradList = Object.values(grads);
        // one host pass on the cpu backend (no Square/Sum tensors per parameter)
        const gradNorm = globalNorm(gradList);
        const loss = value.dataSync()[0] as number;
        const read = (t: tf.Scalar | null | undefined) => (t ? (t.dataSync()[0] as number) : null);
        const progress = {
          crossEntropy: read(parts.crossEntropy) ?? Number.NaN,
          novelty: read(parts.novelty) ?? Number.NaN,
          contrastive: read(parts.contrastive),
          ...(distillation ? { distillation: read(parts.distillation) } : {}),
          ...(auxiliaryLoss ? { auxiliary: read(auxiliaryLoss) } : {}),
        };
        tf.dispose([
          value,
          parts.crossEntropy,
          parts.novelty,
          ...(parts.contrastive ? [parts.contrastive] : []),
          ...(parts.distillation ? [parts.distillation] : []),
          ...(auxiliaryLoss ? [auxiliaryLoss] : []),
          ...(distillation ? [distillation.teacherLogits] : []),
        ]);
        disposeBatchTensors(batch);
        if (view) disposeBatchTensors(view);
        if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
          tf.dispose(gradList);
          const where = opts.checkpointDir
            ? `last good checkpoint kept in ${opts.checkpointDir}`
            : "no checkpoint directory";
          throw new ModelError(
            "NON_FINITE_LOSS",
            `training stopped: ${Number.isFinite(loss) ? "gradient norm" : "loss"} is ${Number.isFinite(loss) ? gradNorm : loss} at epoch ${epoch}, batch ${index + 1} (step ${step}); ${where}`,
          );
        }
        const scale = opts.clipNorm > 0 && gradNorm > opts.clipNorm ? opts.clipNorm / gradNorm : 1;
        const named: Record<string, tf.Tensor> = {};
        for (const [varName, grad] of Object.entries(grads))
          named[names.get(varName) ?? varName] = grad;
        const learningRate = learningRateAt(
          step,
          totalSteps,
          opts.learningRate,
          warmupSteps,
          opts.schedule,
        );
        // a pretrained encoder's parameters follow the same schedule at their own peak rate
        const factor = opts.learningRate > 0 ? learningRate / opts.learningRate : 0;
        const encoderRate = opts.encoderLearningRate * factor;
        // clipping scales each gradient inside the update (no scaled copies)
        optimizer.apply(
          named,
          learningRate,
          opts.weightDecay,
          decay,
          (name) => (name.startsWith(PRETRAINED_ENCODER_PREFIX) ? encoderRate : learningRate),
          scale,
        );
        tf.dispose(gradList);
        contrastive?.afterStep?.();
        average?.update(model.params);
        lossSum += loss;
        callbacks.onBatchEnd?.({
          epoch,
          batch: index + 1,
          batches: batches.length,
          step: step + 1,
          loss,
          ...progress,
          learningRate,
          gradNorm,
        });
      }

      // A partial epoch is neither recorded nor checkpointed: the last checkpoint holds whole
      // epochs, and a resume repeats this one from its start, as an uninterrupted run would.
      if (stoppedMidEpoch) break;
      let f1: number | null = null;
      // no model selection in contrastive pre-training: the type head has not trained yet
      if (phase !== "pretrain" && opts.validation && opts.validation.length > 0) {
        const validation = opts.validation;
        f1 = average
          ? average.withAverage(model, () => validationF1(model, validation))
          : validationF1(model, validation);
        const step = selector.add(epoch, f1);
        if (step.improved) {
          bestEpoch = step.bestEpoch;
          bestF1 = history.find((h) => h.epoch === bestEpoch)?.validationF1 ?? f1;
          if (best) tf.dispose([...best.values()]);
          best = step.of === "previous" ? previous : snapshot();
          if (step.of === "previous") previous = undefined;
        }
        if (opts.selectionWindow === 3) {
          if (previous) tf.dispose([...previous.values()]);
          previous = snapshot();
        }
      } else {
        bestEpoch = epoch;
      }
      const record: EpochRecord = {
        epoch,
        trainLoss: lossSum / Math.max(1, batches.length),
        validationF1: f1,
        seconds: (performance.now() - started) / 1000,
        contrastiveActive,
      };
      const mining = contrastiveActive ? contrastive?.miningStats?.() : null;
      if (mining) record.mining = mining;
      history.push(record);
      if (opts.checkpointDir) {
        const path = await saveRunCheckpoint(
          opts.checkpointDir,
          {
            epoch,
            optimizerStep: optimizer.step,
            optimizerUpdates: optimizer.updateCounts(),
            bestEpoch,
            bestValidationF1: bestF1,
            epochsWithoutImprovement: selector.stale,
            history,
            config: model.config,
            runKey: key,
            maxTokens: tokenLimitOf(model),
          },
          { trained, optimizer, contrastive, best },
        );
        callbacks.onCheckpoint?.(path, epoch);
      }
      await callbacks.onEpochEnd?.(record);
      if (opts.validation && selector.stale >= opts.patience) {
        stoppedEarly = epoch < opts.epochs;
        break;
      }
    }

    if (best) model.assign(best);
    else average?.applyTo(model); // no validation: the model keeps the last average
    if (opts.validation && opts.validation.length > 0) {
      model.decision = tuneDecisionRule(model.score(opts.validation), opts.tuneTypeBiases);
    }
    model.metadata = {
      objective: opts.objective,
      seed: opts.seed,
      epochsRun: history.length,
      bestEpoch,
      bestValidationF1: bestF1,
      trainDocuments: docs.length,
      validationDocuments: opts.validation?.length ?? 0,
      options: {
        ...key,
        hnm: opts.objective === "hnm" ? describeHnmParts(opts.hnm) : undefined,
      },
      finishedAt: new Date().toISOString(),
    };
    return { history, bestEpoch, bestValidationF1: bestF1, stoppedEarly, resumedFromEpoch };
  } finally {
    if (best) tf.dispose([...best.values()]);
    if (previous) tf.dispose([...previous.values()]);
    optimizer?.dispose();
    auxiliary?.dispose();
    contrastive?.dispose?.();
    average?.dispose();
  }
}
