/**
 * The one error base of every @biore package. Each package's bundle inlines its
 * own copy of this file, so `instanceof` cannot rely on one class object: a
 * process-wide brand (`Symbol.for`) marks every BioreError, and
 * `BioreError[Symbol.hasInstance]` checks the brand, so an error thrown by
 * `@biore/bioc-io` is `instanceof BioreError` for the copy `@biore/cli` imports.
 * Subclasses (`ModelError`, `BioCError`, ...) keep the ordinary prototype check.
 */
const BRAND: unique symbol = Symbol.for("biore.error") as never;

/** Where in an input or call a problem was found; every known field is set. */
export interface ErrorLocation {
  /** File path, or `<string>` / `<stream>` when read from memory. */
  file?: string;
  /** Id of the document concerned. */
  documentId?: string;
  /** JSON path such as `$.documents[3].passages[0].offset`. */
  jsonPath?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** Byte or character offset, when that is what is known. */
  offset?: number;
}

/** One human-readable line for a location: `file 3:4, $.path, document X`. */
export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(`${loc.line}:${loc.column ?? 0}`);
  if (loc.jsonPath) parts.push(loc.jsonPath);
  if (loc.offset !== undefined && loc.line === undefined) parts.push(`offset ${loc.offset}`);
  if (loc.documentId) parts.push(`document ${loc.documentId}`);
  return parts.join(", ");
}

/** Options of {@link BioreError}. */
export interface BioreErrorOptions {
  /** Where the problem is, as one readable line (file, line:column, offset, document id, JSON path, argument). */
  where?: string | undefined;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * Base of every error a @biore package throws on purpose: a stable
 * UPPER_SNAKE_CASE `code` to branch on and, when known, `where` it happened.
 * The message is complete on its own (it already names the place).
 */
export class BioreError extends Error {
  override readonly name: string = "BioreError";
  /** Stable across versions, UPPER_SNAKE_CASE. */
  readonly code: string;
  /** Where the problem is (file, line:column, offset, document id, JSON path or argument), when known. */
  readonly where: string | undefined;

  constructor(code: string, message: string, options: BioreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.where = options.where || undefined;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for an error thrown by any @biore package, whichever bundle's copy of this class made it. */
  static isInstance(value: unknown): value is BioreError {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  }

  /** `x instanceof BioreError` uses the brand; `x instanceof SomeSubclass` the prototype chain. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class on the right of `instanceof` (a subclass uses its own prototype chain)
    // biome-ignore lint/complexity/noThisInStatic: must distinguish BioreError from its subclasses
    if (this === BioreError) return BioreError.isInstance(value);
    // biome-ignore lint/complexity/noThisInStatic: the ordinary instanceof of the subclass itself
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
