import { BioreError, formatLocation } from "@biore/internal";

export { BioreError };

/** Stable codes of the problems this package reports instead of crashing or dropping data. */
export type DatasetWarningCode =
  | "NO_ANNOTATIONS"
  | "ANNOTATION_OUTSIDE_PASSAGE"
  | "OVERLAPPING_MENTIONS"
  | "UNALIGNED_MENTION"
  | "MISSING_IDENTIFIER"
  | "CONFLICTING_CONCEPT_TYPE"
  | "UNKNOWN_CONCEPT"
  | "SELF_RELATION"
  | "DUPLICATE_RELATION"
  | "UNKNOWN_LABEL"
  | "UNKNOWN_ENTITY_TYPE"
  | "TRUNCATED";

/** One problem found in the input, with where it is. */
export interface DatasetWarning {
  code: DatasetWarningCode;
  message: string;
  documentId: string;
  annotationId?: string;
  relationId?: string;
  /** Source file, when the caller knows it. */
  file?: string;
}

/** Receives warnings; libraries never print, the caller decides. */
export type WarningHandler = (warning: DatasetWarning) => void;

/** Stable codes of errors thrown by this package. */
export type RelationDatasetErrorCode =
  | "INVALID_SCHEMA"
  | "UNKNOWN_SCHEMA"
  | "INVALID_TOKENIZER_JSON"
  | "INVALID_ENTITY_TYPES_JSON"
  | "INVALID_SPLIT"
  | "INVALID_LABEL_SPACE"
  | "INVALID_ARGUMENT";

/** An error thrown by this package, with a stable code and, where known, the file and document. */
export class RelationDatasetError extends BioreError {
  override readonly name = "RelationDatasetError";
  declare readonly code: RelationDatasetErrorCode;
  readonly documentId: string | undefined;
  readonly file: string | undefined;

  constructor(
    code: RelationDatasetErrorCode,
    message: string,
    where: { documentId?: string; file?: string } = {},
  ) {
    const place = formatLocation(where);
    super(code, place ? `${message} (${place})` : message, { where: place });
    this.documentId = where.documentId;
    this.file = where.file;
  }
}
