// A cheap proof that a parsed JSON text has no duplicate key and no escaped
// lone surrogate, so the precise scanner (key-scan.ts, which costs about one
// JSON.parse) runs only when there may be one to report.
//
// Every key in the text is a string whose closing quote is followed, after
// optional whitespace, by a colon, so counting such quotes gives an upper
// bound on the key occurrences (an escaped `\"` followed by `:` inside a
// string only makes it larger). JSON.parse keeps one property per distinct
// key of an object, so the parsed value holds fewer properties than the text
// has keys exactly when some object repeated a key. Bound == properties
// therefore proves there is no duplicate; anything else sends the caller to
// the precise scan, which also finds where.

import { keyBefore, surrogateEscapeAt } from "./key-chars.js";
import { keysMatchSimd } from "./key-count-simd.js";

/**
 * Upper bound on the number of keys in valid JSON `text`: quotes followed
 * (after whitespace) by `:`. One native indexOf per colon; key-count-simd.ts
 * computes the same where WebAssembly SIMD runs, and this is the fallback.
 */
export function keyCountJs(text: string): number {
  let n = 0;
  // keys are a small share of a BioC file's characters; a loop over every
  // character, split, replaceAll and a regex were all 2-7x slower
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1))
    if (keyBefore(text, i)) n++;
  return n;
}

/**
 * Own properties of every object in a parsed JSON value, summed over the
 * whole tree; NaN (equal to nothing) when the nesting is deeper than the stack.
 */
export function parsedKeyCount(value: unknown): number {
  try {
    return countTree(value);
  } catch {
    return Number.NaN; // the precise scan is iterative
  }
}

function countTree(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === "object" && item !== null) n += countTree(item);
    }
    return n;
  }
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    n++;
    const v = obj[k];
    if (typeof v === "object" && v !== null) n += countTree(v);
  }
  return n;
}

/**
 * True when `text` may hold a `\uD800`-`\uDFFF` escape (either case). An
 * escaped backslash before the letters (`\\uD800`) also counts; it only
 * costs a precise scan. (A loop over `\u` rather than one regex over the
 * text: irregexp is slow on the two-byte strings non-Latin-1 files decode to.)
 */
export function maySurrogateEscape(text: string): boolean {
  for (let i = text.indexOf("\\u"); i !== -1; i = text.indexOf("\\u", i + 2))
    if (surrogateEscapeAt(text, i)) return true;
  return false;
}

/**
 * True when valid JSON `text`, whose JSON.parse result holds `keys` object
 * properties in all (see {@link parsedKeyCount}), certainly has no duplicate
 * key in any object and no escape that decodes to a UTF-16 surrogate. False
 * means "maybe": run the precise scan.
 */
export function keysCertainlyClean(text: string, keys: number): boolean {
  // one pass over the text for both where WebAssembly SIMD runs
  return keysMatchSimd(text, keys) ?? (!maySurrogateEscape(text) && keyCountJs(text) === keys);
}
