import { BioreError } from "@biore/internal";

export { BioreError };

/** Stable machine-readable codes for every way a metric can refuse its input. */
export type MetricsErrorCode =
  | "LENGTH_MISMATCH"
  | "MIXED_LABEL_TYPES"
  | "INVALID_LABEL"
  | "DUPLICATE_LABEL"
  | "NON_FINITE_VALUE"
  | "INVALID_SHAPE"
  | "K_OUT_OF_RANGE"
  | "INVALID_OPTION"
  | "TOO_FEW_LABELS"
  | "EMPTY_INPUT"
  | "INVALID_RELATION"
  | "DUPLICATE_RELATION"
  | "UNKNOWN_ENTITY_TYPE";

/** Error thrown for bad metric input; `argument` names the offending parameter. */
export class MetricsError extends BioreError {
  override readonly name = "MetricsError";
  declare readonly code: MetricsErrorCode;
  /** Name of the argument (or option path) that was wrong, e.g. `labelsPred` or `options.k`. */
  readonly argument: string;
  /** Position inside the argument where it went wrong, when there is one. */
  readonly index: number | undefined;

  constructor(code: MetricsErrorCode, argument: string, message: string, index?: number) {
    super(code, `${argument}: ${message}`, {
      where: index === undefined ? argument : `${argument}[${index}]`,
    });
    this.argument = argument;
    this.index = index;
  }
}
