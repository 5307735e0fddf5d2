/** The contrastive term's weight, step by step. */

/** The HNM settings the weight schedule depends on. */
export interface ContrastiveWeightSchedule {
  /** Full weight of the contrastive term. */
  weight: number;
  /** Epochs of cross-entropy only before the term starts. */
  warmupEpochs: number;
  /** Epochs over which the weight rises linearly from 0 to `weight` (0 = full weight at once). */
  weightRampEpochs: number;
}

/**
 * Weight of the contrastive term at one step: 0 during warm-up, then `weight`
 * at once (`weightRampEpochs` 0, the original behaviour) or rising linearly per
 * step over `weightRampEpochs` epochs, so the term does not switch on as a shock
 * to held-out F1 (issue 19, round 2). `epoch` counts from 1, `stepInEpoch` from 0.
 */
export function contrastiveWeightAt(
  schedule: ContrastiveWeightSchedule,
  epoch: number,
  stepInEpoch: number,
  stepsPerEpoch: number,
): number {
  if (epoch <= schedule.warmupEpochs) return 0;
  if (schedule.weightRampEpochs <= 0) return schedule.weight;
  const stepsSinceStart = (epoch - schedule.warmupEpochs - 1) * stepsPerEpoch + stepInEpoch;
  // +1: the first active step already contributes, the last ramp step reaches full weight
  const fraction = (stepsSinceStart + 1) / (schedule.weightRampEpochs * stepsPerEpoch);
  return schedule.weight * Math.min(1, fraction);
}

/** The pre-training and warm-up settings that decide what the term does in an epoch. */
export interface ContrastivePhases extends ContrastiveWeightSchedule {
  /** Epochs of the contrastive term alone before cross-entropy starts (`HnmOptions.pretrainEpochs`). */
  pretrainEpochs: number;
}

/**
 * What the contrastive term does in an epoch (counted from 1): `pretrain` (the term alone,
 * the first `pretrainEpochs`), `off` (cross-entropy warm-up after them), then `joint`.
 */
export function contrastivePhase(
  phases: ContrastivePhases,
  epoch: number,
): "pretrain" | "off" | "joint" {
  if (epoch <= phases.pretrainEpochs) return "pretrain";
  return epoch - phases.pretrainEpochs > phases.warmupEpochs ? "joint" : "off";
}

/**
 * The term's weight at one step: 1 in pre-training (it is the whole loss), else
 * {@link contrastiveWeightAt} with epochs counted from the end of pre-training.
 */
export function contrastiveWeightOf(
  phases: ContrastivePhases,
  epoch: number,
  stepInEpoch: number,
  stepsPerEpoch: number,
): number {
  if (contrastivePhase(phases, epoch) === "pretrain") return 1;
  return contrastiveWeightAt(phases, epoch - phases.pretrainEpochs, stepInEpoch, stepsPerEpoch);
}
