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
 * and the file it concerns, named in the message too.
 */
export class CheckpointError extends Error {
  override readonly name = "CheckpointError";
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    /** The file (or folder) the error is about. */
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
  }
}

/** Where users get weights: nothing is downloaded at run time. */
export const WEIGHTS_HINT =
  "download the checkpoint yourself (e.g. `huggingface-cli download " +
  "microsoft/BiomedNLP-BiomedBERT-base-uncased-abstract --local-dir <folder>`) and pass that folder";
