import { BioCError } from "./errors.js";

/**
 * An offset or length as every writer prints it: a non-negative safe
 * integer. Anything else (`-5`, `1.5`, `1e23`, NaN) would be written as text
 * no reader accepts back, so it is refused here, naming what it was.
 */
export function offsetValue(n: number, what: string, documentId?: string): number {
  if (Number.isSafeInteger(n) && n >= 0) return n;
  throw new BioCError(
    "INVALID_VALUE",
    `${what} ${String(n)} is not a non-negative integer (up to ${Number.MAX_SAFE_INTEGER}); it cannot be written`,
    documentId === undefined ? {} : { documentId },
  );
}
