import { BioCError } from "@biore/bioc-io";
import { BioreError } from "@biore/internal";
import { UserError } from "../user-error.js";

const BIOC_HINTS: Record<string, string> = {
  IO_ERROR: "check the path; --data takes a folder of BioC/PubTator files or one file",
  EMPTY_INPUT: "the file is empty; point at a BioC JSON/XML or PubTator file with documents",
  BINARY_INPUT: "this is not a text file; give BioC JSON/XML or PubTator",
  UNKNOWN_FORMAT: "give BioC JSON, BioC XML or PubTator; `biore convert` translates between them",
};

const MODEL_HINTS: Record<string, string> = {
  MODEL_DIR_MISSING: "pass the --out folder of `biore train` as --model",
  MODEL_INCOMPLETE: "the model folder is missing files; train again with `biore train --out <dir>`",
  MODEL_CORRUPT:
    "the model files are damaged or were edited (the message names the file); train again with `biore train --out <dir>`",
  MODEL_UNVERIFIED:
    "this model folder has no manifest.json (saved by an older version); load and save it again, or train again",
  LABEL_SPACE_MISMATCH:
    "this model was trained on another label space; evaluate it on data with the same relation types, or train a model on this corpus",
  CHECKPOINT_INVALID:
    "the checkpoint belongs to another run; train without --resume, or with the same --model/--epochs/--seed/--size",
  CHECKPOINT_CORRUPT:
    "the checkpoint file is damaged (a crash, a full disk or an edit); delete it and train without --resume",
};

/** Hints by code for errors of any other @biore library. */
const OTHER_HINTS: Record<string, string> = {
  OUTPUT_IS_INPUT: "write the output to another file name",
  OUTPUT_FOLDER_MISSING: "create the output folder first, or pick an existing one",
  OUTPUT_IS_DIRECTORY: "give a file name, not a folder, as the output",
  OUTPUT_NOT_PERMITTED: "pick a folder you can write to",
  OUTPUT_NO_SPACE: "free some disk space and run again",
};

/**
 * Turns a library error a user can act on into a UserError with a hint (no
 * stack trace); returns undefined for anything else, which is a bug.
 */
export function libraryErrorToUserError(error: unknown): UserError | undefined {
  // Every @biore library error carries the brand, whichever bundle's copy of the class made it.
  if (!BioreError.isInstance(error)) return undefined;
  const hint = (text: string) => `${text} [${error.code}]`;
  // instanceof also catches subclasses such as BioCValidationError (strict mode).
  if (error instanceof BioCError && BIOC_HINTS[error.code]) {
    return new UserError(error.message, hint(BIOC_HINTS[error.code] as string));
  }
  if (error.name === "ModelError" && MODEL_HINTS[error.code]) {
    return new UserError(error.message, hint(MODEL_HINTS[error.code] as string));
  }
  if (OTHER_HINTS[error.code])
    return new UserError(error.message, hint(OTHER_HINTS[error.code] as string));
  if (error instanceof BioCError) {
    return new UserError(
      error.message,
      hint("the input is not valid BioC/PubTator; the message says where"),
    );
  }
  if (error.name === "RelationDatasetError") {
    return new UserError(
      error.message,
      hint("the corpus does not fit the relation schema; see `biore stats`"),
    );
  }
  // Any other library error: its message names the place; the code says what kind it is.
  return new UserError(error.message, hint("run again with --verbose for the stack trace"));
}
