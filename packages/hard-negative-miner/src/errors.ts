import { BioreError } from "@biore/internal";

export { BioreError };

/** Stable machine-readable error codes of this package. */
export type MetricLearningErrorCode =
  | "INVALID_EMBEDDINGS"
  | "INVALID_LABELS"
  | "INVALID_REFERENCE"
  | "INVALID_INDICES"
  | "INVALID_OPTION"
  | "INCOMPATIBLE_DISTANCE"
  | "TOO_MANY_TRIPLETS"
  | "NOT_FITTED";

/** Any bad input to a distance, miner, loss, reducer, memory or sampler: a stable `code` plus the argument at fault. */
export class MetricLearningError extends BioreError {
  override readonly name: string = "MetricLearningError";
  /** What went wrong, stable across versions. */
  declare readonly code: MetricLearningErrorCode;
  /** Name of the argument or option that was bad, e.g. `labels` or `margin`. */
  readonly argument: string;

  constructor(code: MetricLearningErrorCode, argument: string, message: string) {
    super(code, `${argument}: ${message}`, { where: argument });
    this.argument = argument;
  }
}

/** Throws `INVALID_OPTION` unless `value` is a finite number (and, when given, within [min, max]). */
export function checkNumber(name: string, value: number, min = -Infinity, max = Infinity): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max) {
    throw new MetricLearningError(
      "INVALID_OPTION",
      name,
      `expected a number in [${min}, ${max}], got ${String(value)}`,
    );
  }
  return value;
}

/** {@link checkNumber}, and throws `INVALID_OPTION` unless `value` is also an integer. */
export function checkInteger(name: string, value: number, min = -Infinity, max = Infinity): number {
  checkNumber(name, value, min, max);
  if (!Number.isInteger(value))
    throw new MetricLearningError("INVALID_OPTION", name, "must be an integer");
  return value;
}
