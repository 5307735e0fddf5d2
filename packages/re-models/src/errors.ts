import { BioreError } from "@biore/internal";

export { BioreError };

/** Stable machine-readable codes of {@link ModelError}. */
export type ModelErrorCode =
  | "INVALID_CONFIG"
  | "INVALID_INPUT"
  | "MODEL_DIR_MISSING"
  | "MODEL_INCOMPLETE"
  | "MODEL_CORRUPT"
  | "MODEL_UNVERIFIED"
  | "MODEL_WRITE_FAILED"
  | "MODEL_DIR_FOREIGN"
  | "LABEL_SPACE_MISMATCH"
  | "CHECKPOINT_INVALID"
  | "CHECKPOINT_CORRUPT"
  | "NON_FINITE_LOSS";

/** Every error this package throws on purpose: a stable `code` plus the place it concerns. */
export class ModelError extends BioreError {
  override readonly name = "ModelError";
  declare readonly code: ModelErrorCode;
  /** File, directory or document the error is about, when there is one. */
  declare readonly where: string | undefined;
  constructor(code: ModelErrorCode, message: string, where?: string) {
    super(code, where ? `${message} (${where})` : message, { where });
  }
}
