import { BioCError, type BioCErrorCode, type SourceLocation } from "./errors.js";
import { type BioCWarning, type BioCWarningCode, WarningSink } from "./warnings.js";

/** Options shared by every reader. */
export interface ReadOptions {
  /** Name used for the input in error messages (defaults to the path, or `<string>`). */
  file?: string;
  /**
   * What to do with elements/keys the BioC model has no place for:
   * `"error"` (default, nothing is dropped silently) or `"ignore"`.
   */
  unknown?: "error" | "ignore";
  /**
   * Check every BioC schema rule (required fields, unique ids, node refids that
   * resolve) and throw one {@link BioCValidationError} listing every violation;
   * also refuse (with the location) what lenient reading only reports as a
   * warning: invalid UTF-8, lone surrogates, duplicate JSON keys, annotation
   * text that differs from the passage text at its offsets, relations naming a
   * concept no annotation has, malformed PubTator lines.
   */
  strict?: boolean;
  /**
   * Lenient reading: called for each tolerated problem. Without it, one
   * process warning (`BIOC_IO_LENIENT_READ`) summarises them at the end.
   */
  onWarning?: (warning: BioCWarning) => void;
}

/** Tracks where a reader is (JSON path segments, document id) so errors can name it. */
export class ReadContext {
  readonly path: (string | number)[] = [];
  documentId: string | undefined;
  readonly file: string;
  readonly ignoreUnknown: boolean;
  readonly strict: boolean;
  readonly warnings: WarningSink;
  /**
   * Properties of the parsed JSON objects that from-json has checked (before
   * completing them), for the cheap duplicate-key proof of json/key-count.ts.
   */
  jsonKeys = 0;
  /**
   * Set by a reader that has proven documents free of content rule
   * violations (the JSON fast path): the indices, ascending, of those it could
   * not, which alone the content check then looks at. Undefined: check all.
   */
  contentToCheck: readonly number[] | undefined = undefined;

  constructor(file: string, opts: ReadOptions = {}) {
    this.file = file;
    this.ignoreUnknown = opts.unknown === "ignore";
    this.strict = opts.strict === true;
    this.warnings = new WarningSink(file, opts.onWarning);
  }

  /** A problem strict reading refuses and lenient reading counts. */
  problem(code: BioCWarningCode, message: string, location: SourceLocation): void {
    if (this.strict) throw new BioCError(code, message, location);
    this.warnings.add(code, message, location);
  }

  jsonPath(extra?: string | number): string {
    const segments = extra === undefined ? this.path : [...this.path, extra];
    return formatJsonPath(segments);
  }

  location(extra?: string | number): SourceLocation {
    const loc: SourceLocation = { file: this.file, jsonPath: this.jsonPath(extra) };
    if (this.documentId !== undefined) loc.documentId = this.documentId;
    return loc;
  }

  fail(code: BioCErrorCode, message: string, extra?: string | number): never {
    throw new BioCError(code, message, this.location(extra));
  }
}

/** `["documents", 3, "id"]` -> `$.documents[3].id`. */
export function formatJsonPath(segments: readonly (string | number)[]): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
