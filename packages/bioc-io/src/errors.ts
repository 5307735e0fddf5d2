import { BioreError, type ErrorLocation, formatLocation } from "@biore/internal";

export { BioreError };

/**
 * Where in an input a problem was found (file, document id, JSON path, 1-based
 * line and column, or offset). Every field that is known is set.
 */
export type SourceLocation = ErrorLocation;

/** Stable machine-readable error codes of this package. */
export type BioCErrorCode =
  | "EMPTY_INPUT"
  | "BINARY_INPUT"
  | "UNKNOWN_FORMAT"
  | "JSON_SYNTAX"
  | "XML_SYNTAX"
  | "TRUNCATED"
  | "INVALID_VALUE"
  | "MISSING_FIELD"
  | "UNKNOWN_ELEMENT"
  | "DUPLICATE_ID"
  | "DANGLING_REFERENCE"
  | "PUBTATOR_SYNTAX"
  | "SCHEMA_VIOLATION"
  | "IO_ERROR"
  | "INVALID_UTF8"
  | "LONE_SURROGATE"
  | "DUPLICATE_KEY"
  | "TEXT_MISMATCH"
  | "UNSUPPORTED_ENCODING"
  | "PUBTATOR_LINE_SKIPPED"
  | "INVALID_ARGUMENT"
  | "OUTPUT_IS_INPUT"
  | "OUTPUT_FOLDER_MISSING"
  | "OUTPUT_IS_DIRECTORY"
  | "OUTPUT_NOT_PERMITTED"
  | "OUTPUT_NO_SPACE"
  | "WRITE_FAILED";

/** Any problem with BioC/PubTator input: a stable `code` plus where it happened. */
export class BioCError extends BioreError {
  override readonly name: string = "BioCError";
  declare readonly code: BioCErrorCode;
  /** The same place as `where`, field by field. */
  readonly location: SourceLocation;

  constructor(
    code: BioCErrorCode,
    message: string,
    location: SourceLocation = {},
    options: { cause?: unknown } = {},
  ) {
    const where = formatLocation(location);
    super(code, where ? `${message} (${where})` : message, { where, cause: options.cause });
    this.location = location;
  }
}
