import { BioreError } from "@biore/internal";

/** Stable machine-readable codes of {@link PretrainingError}. */
export type PretrainingErrorCode =
  | "INVALID_OPTIONS"
  | "TOKEN_OUT_OF_RANGE"
  | "EMPTY_CORPUS"
  | "DIM_MISMATCH"
  | "VOCAB_MISMATCH"
  | "NO_TOKEN_EMBEDDING"
  | "NO_TOKENIZER"
  | "NOT_CONV_ENCODER"
  | "NON_FINITE_LOSS"
  | "SHAPE_MISMATCH"
  | "ENCODER_WEIGHTS_MISSING"
  | "ENCODER_WEIGHTS_INVALID";

/** Every error the pre-training (word vectors, masked tokens, encoder weights) throws on purpose: a stable `code` plus where it went wrong. */
export class PretrainingError extends BioreError {
  override readonly name = "PretrainingError";
  declare readonly code: PretrainingErrorCode;
  /** Sentence index, option name or parameter the error is about, when there is one. */
  declare readonly where: string | undefined;
  constructor(code: PretrainingErrorCode, message: string, where?: string) {
    super(code, where ? `${message} (${where})` : message, { where });
  }
}
