/** Where in an input a problem was found. Every field that is known is set. */
export interface SourceLocation {
  /** File path, or `<string>` / `<stream>` when read from memory. */
  file?: string;
  /** Id of the document being read, when known. */
  documentId?: string;
  /** JSON path such as `$.documents[3].passages[0].offset`. */
  jsonPath?: string;
  /** 1-based line and column (XML, PubTator, JSON syntax errors). */
  line?: number;
  column?: number;
  /** Byte or character offset into the input, when that is what is known. */
  offset?: number;
}

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
  | "OUTPUT_IS_INPUT"
  | "OUTPUT_FOLDER_MISSING"
  | "OUTPUT_IS_DIRECTORY"
  | "OUTPUT_NOT_PERMITTED"
  | "OUTPUT_NO_SPACE"
  | "WRITE_FAILED";

function describe(loc: SourceLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(`${loc.line}:${loc.column ?? 0}`);
  if (loc.jsonPath) parts.push(loc.jsonPath);
  if (loc.offset !== undefined && loc.line === undefined) parts.push(`offset ${loc.offset}`);
  if (loc.documentId) parts.push(`document ${loc.documentId}`);
  return parts.join(", ");
}

/** Any problem with BioC/PubTator input: a stable `code` plus where it happened. */
export class BioCError extends Error {
  override readonly name: string = "BioCError";
  readonly code: BioCErrorCode;
  readonly location: SourceLocation;

  constructor(code: BioCErrorCode, message: string, location: SourceLocation = {}) {
    const where = describe(location);
    super(where ? `${message} (${where})` : message);
    this.code = code;
    this.location = location;
  }
}
