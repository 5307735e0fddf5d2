import { BioCError } from "@biore/bioc-io";
import { BioreError, UserError } from "../user-error.js";

const BIOC_HINTS: Record<string, string> = {
  IO_ERROR: "check the path; --data takes a folder of BioC/PubTator files or one file",
  EMPTY_INPUT: "the file is empty; point at a BioC JSON/XML or PubTator file with documents",
  BINARY_INPUT: "this is not a text file; give BioC JSON/XML or PubTator",
  UNKNOWN_FORMAT:
    "give BioC JSON, BioC XML or PubTator (detected from its content); `biore convert` translates between them",
  TRUNCATED: "the input file ends early; it may be incomplete (download or copy it again)",
  INVALID_VALUE:
    "the text cannot be written in this output format, or the input has a wrong value (see where above)",
  OUTPUT_IS_INPUT: "write to another file name; the input is left as it was",
  OUTPUT_FOLDER_MISSING: "create the output folder first",
  OUTPUT_IS_DIRECTORY: "give a file name for the output, not a folder",
  OUTPUT_NOT_PERMITTED: "write somewhere you may create files",
  OUTPUT_NO_SPACE: "free some disk space or write to another disk",
  WRITE_FAILED: "nothing was written; the old output, if any, is intact",
  INVALID_UTF8:
    "the file is not valid UTF-8; re-save it as UTF-8 (or declare its encoding in the XML declaration)",
  UNSUPPORTED_ENCODING: "convert the file to UTF-8 first (e.g. with iconv), then run again",
  LONE_SURROGATE: "a string holds half of a UTF-16 character; fix the text at that place",
  DUPLICATE_KEY: "a JSON object names the same key twice; keep one of them",
  TEXT_MISMATCH:
    "an annotation's text is not the passage text at its offsets; fix the offsets, or run without --strict to read it with a warning",
  PUBTATOR_SYNTAX:
    "PubTator lines are ID|t|title, ID|a|abstract, ID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>id] or ID<TAB>type<TAB>id1<TAB>id2[<TAB>novel]",
};

const MODEL_HINTS: Record<string, string> = {
  INVALID_INPUT:
    "the data does not fit what training or the model needs (the message says what); check --data and --train-splits",
  MODEL_DIR_MISSING: "pass the --out folder of `biore train` as --model",
  MODEL_INCOMPLETE: "the model folder is missing files; train again with `biore train --out <dir>`",
  MODEL_CORRUPT:
    "the model files are damaged or were edited (the message names the file); train again with `biore train --out <dir>`",
  MODEL_WRITE_FAILED:
    "the model could not be written (the message says why, and whether the folder was left as it was or marked incomplete); free disk space, fix the folder's permissions or pass another --out, then run again",
  MODEL_DIR_FOREIGN:
    "the folder holds files no biore model save wrote (the message names one), which saving would overwrite; pass an empty or new folder as --out, or move those files away",
  MODEL_UNVERIFIED:
    "this model folder has no manifest.json (saved by an older version); load and save it again, or train again",
  LABEL_SPACE_MISMATCH:
    "this model was trained with a different label space; evaluate it on data with the same relation types, or train a model on this corpus",
  CHECKPOINT_INVALID:
    "the checkpoint belongs to another run; train without --resume, or with the same --model/--epochs/--seed/--size/--hnm-*/--entity-mask/--selection-window/--distill-* (the same teacher folder, unchanged) (--entity-mask 0 for a checkpoint written before masking was the default, --selection-window 1 for one written before the 3-epoch window was); a checkpoint written at another token limit, or before checkpoints recorded it, cannot resume: train without --resume",
  CHECKPOINT_CORRUPT:
    "the checkpoint file is damaged (a crash, a full disk or an edit); delete it and train without --resume",
};

function hintFor(error: BioreError): string | undefined {
  // instanceof also catches subclasses such as BioCValidationError (strict mode).
  if (error instanceof BioCError) {
    return BIOC_HINTS[error.code] ?? "the input is not valid BioC/PubTator; the message says where";
  }
  if (error.name === "ModelError") return MODEL_HINTS[error.code];
  if (error.name === "RelationDatasetError") {
    return "the corpus does not fit the relation schema; see `biore stats`";
  }
  if (error.name === "CheckpointError") {
    return "--encoder hf:<folder> needs a BERT-family Hugging Face folder (config.json, model.safetensors, vocab.txt); the message names the file";
  }
  return undefined;
}

/**
 * Turns any error a @biore library throws on purpose (a {@link BioreError}:
 * BioCError, ModelError, PretrainingError, MetricsError, MetricLearningError,
 * RelationDatasetError, KernelError, ...) into a UserError that keeps its code
 * and location, with a hint where one is known; returns undefined for
 * anything else, which is a bug.
 */
export function libraryErrorToUserError(error: unknown): UserError | undefined {
  if (error instanceof UserError) return error;
  if (!(error instanceof BioreError)) return undefined;
  // Every package puts the place into the message; add it where one did not.
  const message =
    error.where && !error.message.includes(error.where)
      ? `${error.message} (${error.where})`
      : error.message;
  return new UserError(message, hintFor(error), {
    code: error.code,
    where: error.where,
    cause: error,
  });
}
