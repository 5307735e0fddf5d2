import { BioreError } from "@biore/internal";

/** Stable machine-readable codes of {@link CheckpointError}. */
export type CheckpointErrorCode =
  /** A file the checkpoint folder needs is not there (or the folder itself is not). */
  | "CHECKPOINT_FILE_MISSING"
  /** `model.safetensors` is malformed: header, dtype, shape or byte offsets. */
  | "SAFETENSORS_INVALID"
  /** Only `pytorch_model.bin` is present: it must be converted to safetensors first. */
  | "PYTORCH_BIN_UNSUPPORTED"
  /** `config.json` is not JSON, lacks a field, or has a value out of range. */
  | "CONFIG_INVALID"
  /** `config.json` describes an architecture this encoder does not implement. */
  | "ARCHITECTURE_UNSUPPORTED"
  /** A weight is missing or its shape does not match `config.json`. */
  | "WEIGHT_SHAPE_MISMATCH"
  /** The vocabulary and the word-embedding matrix disagree on the number of wordpieces. */
  | "VOCAB_MISMATCH"
  /** The tokenizer files are malformed. */
  | "TOKENIZER_INVALID";

/**
 * A problem with a pretrained checkpoint folder (Hugging Face layout): a stable `code`
 * and the file it concerns (`where`), named at the start of the message too.
 */
export class CheckpointError extends BioreError {
  override readonly name = "CheckpointError";
  declare readonly code: CheckpointErrorCode;
  /** The file (or folder) the error is about. */
  declare readonly where: string | undefined;
  constructor(code: CheckpointErrorCode, message: string, file?: string) {
    super(code, file ? `${file}: ${message}` : message, { where: file });
  }
}

/** Where users get weights: nothing is downloaded at run time. */
export const WEIGHTS_HINT =
  "download the checkpoint yourself (e.g. `huggingface-cli download " +
  "microsoft/BiomedNLP-BiomedBERT-base-uncased-abstract --local-dir <folder>`) and pass that folder";
