// The epoch-selection rules pre-registered in summaries/selection-rules-round27.md, as pure
// functions of one run's per-epoch selection-slice signals (index 0 = epoch 1). Each returns
// the 1-based epoch it picks.

/** What a rule may read of a run: per epoch, selection-slice signals only. */
export interface SelectionSignals {
  /** Network pair+type F1, None bias tuned on the slice (the trainer's validation F1). */
  f1: readonly number[];
  /** Fused (w = 0.75) pair+type F1, None bias tuned on the fused slice scores. */
  f1Fused: readonly number[];
  /** Mean relation cross-entropy over the slice's candidate pairs. */
  logLoss: readonly number[];
}

const TIE = 1e-9;

/** First index of the largest value (a later one must beat it by more than TIE). */
function argmaxFirst(values: readonly number[], from = 0): number {
  let best = from;
  for (let i = from + 1; i < values.length; i++)
    if ((values[i] as number) > (values[best] as number) + TIE) best = i;
  return best;
}

/** R0: the trainer's rule — first best F1, stop after `patience` epochs without improvement. */
export function r0(s: SelectionSignals, patience = 3): number {
  let best = -1;
  let bestF1 = Number.NEGATIVE_INFINITY;
  let stale = 0;
  for (let i = 0; i < s.f1.length; i++) {
    const f = s.f1[i] as number;
    if (best < 0 || f > bestF1 + TIE) {
      best = i;
      bestF1 = f;
      stale = 0;
    } else if (++stale >= patience) break;
  }
  return best + 1;
}

/** R1: best F1 among epochs >= minEpoch (4); ties -> earliest. */
export function r1(s: SelectionSignals, minEpoch = 4): number {
  return argmaxFirst(s.f1, Math.min(minEpoch, s.f1.length) - 1) + 1;
}

/** R2: best centred 3-epoch moving average of F1 (epochs 2..n-1); the window's middle epoch. */
export function r2(s: SelectionSignals): number {
  if (s.f1.length < 3) return argmaxFirst(s.f1) + 1;
  const averages = s.f1
    .slice(1, -1)
    .map((f, i) => ((s.f1[i] as number) + f + (s.f1[i + 2] as number)) / 3);
  return argmaxFirst(averages) + 2;
}

/** R3: lowest mean cross-entropy; ties -> earliest. */
export function r3(s: SelectionSignals): number {
  return argmaxFirst(s.logLoss.map((x) => -x)) + 1;
}

/** R4: the last epoch. */
export function r4(s: SelectionSignals): number {
  return s.f1.length;
}

/** R5: best fused F1; ties -> earliest. */
export function r5(s: SelectionSignals): number {
  return argmaxFirst(s.f1Fused) + 1;
}

/** Descriptive: best F1 over all epochs (PATIENCE = epochs). */
export function p10(s: SelectionSignals): number {
  return argmaxFirst(s.f1) + 1;
}

/** The candidate rules in the pre-registered tie-break order's names. */
export const RULES = { R0: r0, R1: r1, R2: r2, R3: r3, R4: r4, R5: r5, P10: p10 } as const;
export type RuleName = keyof typeof RULES;
/** Candidates that may replace R0 (P10 and the oracle are descriptive). */
export const CANDIDATES: readonly RuleName[] = ["R1", "R2", "R3", "R4", "R5"];
/** Tie-break among qualifying rules within 0.05 points: the simpler first. */
export const SIMPLICITY: readonly RuleName[] = ["R4", "R1", "R3", "R2", "R5"];
