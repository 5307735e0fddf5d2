/** Stable machine-readable codes of {@link ModelError}. */
export type ModelErrorCode =
  | "INVALID_CONFIG"
  | "INVALID_INPUT"
  | "MODEL_DIR_MISSING"
  | "MODEL_INCOMPLETE"
  | "MODEL_CORRUPT"
  | "LABEL_SPACE_MISMATCH"
  | "CHECKPOINT_INVALID"
  | "NON_FINITE_LOSS";

/** Every error this package throws on purpose: a stable `code` plus the place it concerns. */
export class ModelError extends Error {
  override readonly name = "ModelError";
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    /** File, directory or document the error is about, when there is one. */
    readonly where?: string,
  ) {
    super(where ? `${message} (${where})` : message);
  }
}
