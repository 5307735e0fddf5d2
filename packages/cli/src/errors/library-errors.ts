import { BioCError } from "@biore/bioc-io";
import { UserError } from "../user-error.js";

/** A library error with a stable code (BioCError, ModelError, RelationDatasetError, MetricsError). */
interface CodedError extends Error {
  code: string;
}

function isCoded(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as Partial<CodedError>).code === "string";
}

const BIOC_HINTS: Record<string, string> = {
  IO_ERROR: "check the path; --data takes a folder of BioC/PubTator files or one file",
  EMPTY_INPUT: "the file is empty; point at a BioC JSON/XML or PubTator file with documents",
  BINARY_INPUT: "this is not a text file; give BioC JSON/XML or PubTator",
  UNKNOWN_FORMAT: "give BioC JSON, BioC XML or PubTator; `biore convert` translates between them",
};

const MODEL_HINTS: Record<string, string> = {
  MODEL_DIR_MISSING: "pass the --out folder of `biore train` as --model",
  MODEL_INCOMPLETE: "the model folder is missing files; train again with `biore train --out <dir>`",
  MODEL_CORRUPT: "the model files are damaged; train again with `biore train --out <dir>`",
  LABEL_SPACE_MISMATCH:
    "this model was trained on another label space; evaluate it on data with the same relation types, or train a model on this corpus",
  CHECKPOINT_INVALID:
    "the checkpoint belongs to another run; train without --resume, or with the same --model/--epochs/--seed/--size",
};

/**
 * Turns a library error a user can act on into a UserError with a hint (no
 * stack trace); returns undefined for anything else, which is a bug.
 */
export function libraryErrorToUserError(error: unknown): UserError | undefined {
  if (!isCoded(error)) return undefined;
  // instanceof also catches subclasses such as BioCValidationError (strict mode).
  if (error instanceof BioCError) {
    return new UserError(
      error.message,
      BIOC_HINTS[error.code] ?? "the input is not valid BioC/PubTator; the message says where",
    );
  }
  if (error.name === "ModelError" && MODEL_HINTS[error.code]) {
    return new UserError(error.message, MODEL_HINTS[error.code]);
  }
  if (error.name === "RelationDatasetError") {
    return new UserError(
      error.message,
      "the corpus does not fit the relation schema; see `biore stats`",
    );
  }
  return undefined;
}
