import * as tf from "@tensorflow/tfjs-core";
import type { ModelConfig } from "../config.js";
import type { BatchTensors } from "../model/batch-inputs.js";
import { forward } from "../model/network.js";
import type { ParamStore } from "../model/params.js";
import { isMaskedLogit } from "../model/type-mask.js";
import { deriveSeed } from "../random.js";
import type { MiningStats } from "./options.js";
import { distillationLoss } from "./distillation.js";
import { type RelationLoss, relationPairLoss, typeOnlyLoss } from "./relation-loss.js";

/** What a stateful term (a memory bank) needs in a checkpoint to continue exactly on resume. */
export interface ContrastiveTermState {
  /** Named tensors; `saveState` hands over copies the caller disposes. */
  tensors: Record<string, tf.Tensor>;
  /** Small JSON-serializable rest (goes into the checkpoint header). */
  data: Record<string, unknown>;
}

/** A contrastive loss over the projections of a batch's pairs (built from hard-negative-miner parts). */
export interface ContrastiveTerm {
  /**
   * Differentiable loss of projections [P, K] labelled by relation ids; `seed` drives any
   * sampling; `typePairs` is each pair's entity-type pair id (head type x tail type);
   * `views` are the same pairs' projections under other views of the batch (`HnmOptions.view`),
   * each [P, K] in the same pair order.
   */
  compute(
    projection: tf.Tensor2D,
    labels: Int32Array,
    seed: number,
    typePairs?: Int32Array,
    views?: readonly tf.Tensor2D[],
  ): tf.Scalar;
  /** Called once per completed step (e.g. to update a memory bank); optional. */
  afterStep?(): void;
  /** What the miner kept since the last call (then resets); optional. */
  miningStats?(): MiningStats | null;
  /** Frees any state (memory bank). */
  dispose?(): void;
  /** The state to checkpoint; absent on stateless terms. */
  saveState?(): ContrastiveTermState;
  /** Restores `saveState`'s output (copying: the caller still disposes the tensors). */
  loadState?(state: ContrastiveTermState): void;
}

/** Element-wise binary cross-entropy of logits, in the stable form max(x,0) - x*z + log(1+e^-|x|). */
function sigmoidCrossEntropy(targets: tf.Tensor1D, logits: tf.Tensor1D): tf.Tensor1D {
  return tf.add(
    tf.sub(tf.relu(logits), tf.mul(logits, targets)),
    tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
  ) as tf.Tensor1D;
}

/** Weight of the concept-participation loss beside the relation cross-entropy (`conceptGate`). */
export const CONCEPT_LOSS_WEIGHT = 1;

/**
 * Mean binary cross-entropy of the concept-participation logits [B*C] over the concepts of
 * the batch's candidate pairs; target 1 when the concept is in a gold relation of its document.
 */
export function conceptParticipationLoss(
  conceptLogits: tf.Tensor1D,
  batch: BatchTensors,
): tf.Scalar {
  const { pairHead, pairTail, labelIds } = batch.arrays;
  const n = conceptLogits.shape[0];
  const target = new Float32Array(n);
  const mask = new Float32Array(n);
  let count = 0;
  for (let p = 0; p < labelIds.length; p++) {
    for (const c of [pairHead[p] as number, pairTail[p] as number]) {
      if (mask[c] === 0) count++;
      mask[c] = 1;
      if (labelIds[p] !== 0) target[c] = 1;
    }
  }
  const losses = sigmoidCrossEntropy(tf.tensor1d(target), conceptLogits);
  return tf.div(tf.sum(tf.mul(losses, tf.tensor1d(mask))), Math.max(1, count)) as tf.Scalar;
}

/** Weights of the parts of the training objective. */
export interface ObjectiveWeights {
  /** Weight of `None` pairs in the cross-entropy (1 = unweighted). */
  noneWeight: number;
  /** Weight of the novelty loss (binary CE over gold relations with known novelty). */
  noveltyWeight: number;
  /** How the relation logits are trained (default `softmax` cross-entropy). */
  relationLoss?: RelationLoss;
  /** Weight of the type-only term over gold-related pairs (`typeOnlyLoss`); absent or 0 = off. */
  typeLoss?: number;
  /**
   * Label smoothing of the softmax cross-entropy: ε, spread over each pair's allowed labels, and
   * the values of the model's type mask [numEntityTypes² × numLabels] that say which those are
   * (absent: every label). Absent = off.
   */
  labelSmoothing?: { epsilon: number; typeMask?: Float32Array };
  /**
   * The contrastive term and its weight; absent for the baseline (or during warm-up). `view`:
   * the batch under a second view, run through the network for the term's second projection;
   * `only`: contrastive pre-training, the term alone makes the loss (cross-entropy and
   * novelty are still computed for reporting).
   */
  contrastive?: { term: ContrastiveTerm; weight: number; view?: BatchTensors; only?: boolean };
  /** A teacher's logits of the batch's pairs [P, L], and the distillation term's weight and temperature. */
  distillation?: { teacherLogits: tf.Tensor2D; weight: number; temperature: number };
}

/** The scalar parts of one step's loss, kept out of the gradient tape for reporting. */
export interface LossParts {
  crossEntropy: tf.Scalar;
  novelty: tf.Scalar;
  contrastive: tf.Scalar | null;
  distillation: tf.Scalar | null;
}

/**
 * The training loss of one batch: weighted relation cross-entropy + novelty BCE
 * (+ weight * contrastive). The parts are `tf.keep`-ed into `parts` so the
 * caller can read and dispose them after the gradient step.
 */
export function objectiveLoss(
  params: ParamStore,
  config: ModelConfig,
  batch: BatchTensors,
  weights: ObjectiveWeights,
  dropoutSeed: number,
  parts: Partial<LossParts>,
): tf.Scalar {
  const { labelIds, novelIds, numPairs } = batch.arrays;
  const out = forward(params, config, batch, {
    dropoutSeed,
    withProjection: weights.contrastive !== undefined,
  });

  const exampleWeights = tf.tensor1d(
    Float32Array.from(labelIds, (id) => (id === 0 ? weights.noneWeight : 1)),
  );
  const smoothing = weights.labelSmoothing;
  const nll = relationPairLoss(
    out.relationLogits,
    labelIds,
    weights.relationLoss ?? "softmax",
    smoothing && {
      epsilon: smoothing.epsilon,
      allowed: smoothing.typeMask && allowedLabels(smoothing.typeMask, config, batch),
    },
  );
  const crossEntropy = tf.div(
    tf.sum(tf.mul(nll, exampleWeights)),
    tf.sum(exampleWeights),
  ) as tf.Scalar;

  const noveltyMask = new Float32Array(numPairs);
  const noveltyTarget = new Float32Array(numPairs);
  let noveltyCount = 0;
  for (let p = 0; p < numPairs; p++) {
    if (labelIds[p] !== 0 && (novelIds[p] as number) >= 0) {
      noveltyMask[p] = 1;
      noveltyTarget[p] = novelIds[p] as number;
      noveltyCount++;
    }
  }
  const novelty = tf.div(
    tf.sum(
      tf.mul(
        sigmoidCrossEntropy(tf.tensor1d(noveltyTarget), out.noveltyLogits),
        tf.tensor1d(noveltyMask),
      ),
    ),
    Math.max(1, noveltyCount),
  ) as tf.Scalar;

  let total = tf.add(crossEntropy, tf.mul(novelty, weights.noveltyWeight)) as tf.Scalar;
  if (weights.typeLoss)
    total = tf.add(
      total,
      tf.mul(typeOnlyLoss(out.relationLogits, labelIds), weights.typeLoss),
    ) as tf.Scalar;
  if (out.conceptLogits)
    total = tf.add(
      total,
      tf.mul(conceptParticipationLoss(out.conceptLogits, batch), CONCEPT_LOSS_WEIGHT),
    ) as tf.Scalar;
  parts.crossEntropy = tf.keep(crossEntropy);
  parts.novelty = tf.keep(novelty);
  parts.contrastive = null;
  parts.distillation = null;
  if (weights.distillation) {
    const { teacherLogits, weight, temperature } = weights.distillation;
    const distillation = distillationLoss(
      out.relationLogits,
      teacherLogits,
      temperature,
      exampleWeights,
    );
    parts.distillation = tf.keep(distillation);
    total = tf.add(total, tf.mul(distillation, weight)) as tf.Scalar;
  }
  if (weights.contrastive && out.projection) {
    const { term, weight, view, only } = weights.contrastive;
    // the second view gets its own dropout masks too
    const viewProjection = view
      ? forward(params, config, view, {
          dropoutSeed: deriveSeed(dropoutSeed, 41),
          withProjection: true,
        }).projection
      : undefined;
    const contrastive = term.compute(
      out.projection,
      labelIds,
      dropoutSeed,
      batch.arrays.typePair,
      viewProjection ? [viewProjection] : undefined,
    );
    parts.contrastive = tf.keep(contrastive);
    const weighted = tf.mul(contrastive, weight) as tf.Scalar;
    total = only ? weighted : (tf.add(total, weighted) as tf.Scalar);
  }
  return total;
}

/** Which labels each pair of the batch may take [P × L] under the type mask's values (None always). */
function allowedLabels(
  typeMask: Float32Array,
  config: ModelConfig,
  batch: BatchTensors,
): Uint8Array {
  const l = config.numLabels;
  const rows = config.numEntityTypes * config.numEntityTypes;
  const { typePair, numPairs } = batch.arrays;
  const allowed = new Uint8Array(numPairs * l);
  for (let p = 0; p < numPairs; p++) {
    // the row the network adds (batchTensors clamps the same way)
    const row = Math.min(Math.max(typePair[p] as number, 0), rows - 1);
    for (let k = 0; k < l; k++)
      allowed[p * l + k] = isMaskedLogit(typeMask[row * l + k] as number) ? 0 : 1;
  }
  return allowed;
}
