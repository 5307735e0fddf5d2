/** Learning-rate schedules after a linear warm-up. */
export type ScheduleKind = "cosine" | "linear" | "constant";

/** Learning rate at `step` (0-based) of `totalSteps`: linear warm-up, then the chosen decay. */
export function learningRateAt(
  step: number,
  totalSteps: number,
  peak: number,
  warmupSteps: number,
  kind: ScheduleKind,
): number {
  if (warmupSteps > 0 && step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  if (kind === "constant") return peak;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / span);
  const floor = 0.05 * peak;
  if (kind === "linear") return floor + (peak - floor) * (1 - progress);
  return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}
