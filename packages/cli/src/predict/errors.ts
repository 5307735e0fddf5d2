import { CodedError } from "../errors/coded-error.js";

/** Stable codes of the errors of `biore predict` and its queue. */
export type PredictErrorCode =
  | "INPUT_MISSING"
  | "NO_INPUT_FILES"
  | "OUTPUT_NAME_CLASH"
  | "OUTPUT_IS_AN_INPUT"
  | "OUTPUT_NOT_A_FOLDER"
  | "UNKNOWN_OUTPUT_FORMAT"
  | "ALL_ENTITY_TYPES_UNKNOWN"
  | "MODEL_MISSING";

/** A predict problem the user can fix; the message names the file. */
export class PredictError extends CodedError<PredictErrorCode> {
  override readonly name = "PredictError";
}
