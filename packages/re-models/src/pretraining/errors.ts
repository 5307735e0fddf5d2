import { BioreError } from "@biore/internal";

/** Stable machine-readable codes of {@link PretrainingError}. */
export type PretrainingErrorCode =
  | "INVALID_OPTIONS"
  | "TOKEN_OUT_OF_RANGE"
  | "EMPTY_CORPUS"
  | "DIM_MISMATCH"
  | "VOCAB_MISMATCH"
  | "NO_TOKEN_EMBEDDING"
  | "NO_TOKENIZER";

/** Every error the word-vector pre-training throws on purpose: a stable `code` plus where it went wrong. */
export class PretrainingError extends BioreError {
  override readonly name = "PretrainingError";
  declare readonly code: PretrainingErrorCode;
  /** Sentence index, option name or parameter the error is about, when there is one. */
  declare readonly where: string | undefined;
  constructor(code: PretrainingErrorCode, message: string, where?: string) {
    super(code, where ? `${message} (${where})` : message, { where });
  }
}
