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

import { serialize } from "node:v8";
import { KEY_COUNT_WASM } from "./key-count-wasm.js";

const QUOTE = 34;

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The key whose colon is at `colon`: the last non-whitespace character before it is a quote. */
function keyBefore(text: string, colon: number): boolean {
  let k = colon - 1;
  let c = text.charCodeAt(k);
  while (isWs(c)) c = text.charCodeAt(--k);
  return c === QUOTE;
}

/** Upper bound on the number of keys in valid JSON `text`: quotes followed (after whitespace) by `:`. */
export function keyCountUpperBound(text: string): number {
  return keyCountSimd(text) ?? keyCountJs(text);
}

/** {@link keyCountUpperBound} in plain JavaScript: one native indexOf per colon. */
export function keyCountJs(text: string): number {
  let n = 0;
  // keys are a small share of a BioC file's characters; a loop over every
  // character, split, replaceAll and a regex were all 2-7x slower
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1))
    if (keyBefore(text, i)) n++;
  return n;
}

// The same count by key-count.wat over a copy of the text, 16 bytes at a
// time: about 3x faster than keyCountJs on BioRED Dev, where a colon comes
// every 36 characters. The text goes into the module's memory in chunks, as
// V8 holds it: a string of one-byte characters (U+0000-U+00FF) as Latin-1
// bytes, any other as UTF-16 code units; either copy costs about a memcpy.
// Layout as in key-count.wat.
const TEXT8 = 17;
const TEXT16 = 18;
const CHUNK8 = 65536;
const CHUNK16 = 32768;
const PAD = 64;
const OUT = 131072;
/** A code unit above U+00FF; on a one-byte string V8 answers at once, without a scan. */
const WIDE = /[\u0100-\uffff]/;

/** What key-count.wat exports. */
interface ScannerExports {
  memory: { buffer: ArrayBuffer };
  count8(len: number): number;
  count16(len: number): number;
  slow: { value: number };
}

/** The part of the WebAssembly API used here (the library's TypeScript setup has no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

interface Scanner extends Omit<ScannerExports, "memory"> {
  bytes: Buffer;
  offsets: Int32Array;
}

let scanner: Scanner | null | undefined; // null: no WebAssembly SIMD in this runtime

function loadScanner(): Scanner | null {
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const module = new wasm.Module(Buffer.from(KEY_COUNT_WASM, "base64"));
    const exports = new wasm.Instance(module).exports as ScannerExports;
    const buffer = exports.memory.buffer; // never grows
    return {
      bytes: Buffer.from(buffer),
      offsets: new Int32Array(buffer, OUT, CHUNK8),
      count8: exports.count8,
      count16: exports.count16,
      slow: exports.slow,
    };
  } catch {
    return null;
  }
}

/**
 * True when V8 holds `text` one byte a character, read from the tag
 * node:v8's serializer writes for a short slice of it (which shares the
 * text's storage). It only picks the faster copy: the Latin-1 copy is taken
 * only when {@link WIDE} confirms it, so a wrong answer costs time, never a
 * wrong count.
 */
function storedOneByte(text: string): boolean {
  return serialize(text.slice(0, 16))[2] === 0x22;
}

/**
 * {@link keyCountUpperBound} by the WebAssembly scanner; undefined when the
 * runtime has no WebAssembly SIMD.
 */
export function keyCountSimd(text: string): number | undefined {
  if (scanner === undefined) scanner = loadScanner();
  if (scanner === null) return undefined;
  const oneByte = storedOneByte(text) && !WIDE.test(text);
  const chunk = oneByte ? CHUNK8 : CHUNK16;
  const { bytes, offsets, slow } = scanner;
  let n = 0;
  for (let start = 0; start < text.length; start += chunk) {
    const end = Math.min(start + chunk, text.length);
    const len = end - start;
    const part = start === 0 && end === text.length ? text : text.slice(start, end);
    const before = start === 0 ? 0 : text.charCodeAt(start - 1);
    if (oneByte) {
      bytes[TEXT8 - 1] = before;
      bytes.write(part, TEXT8, "latin1");
      bytes.fill(0, TEXT8 + len, TEXT8 + len + PAD);
      n += scanner.count8(len);
    } else {
      bytes.writeUInt16LE(before, TEXT16 - 2);
      bytes.write(part, TEXT16, "utf16le");
      bytes.fill(0, TEXT16 + 2 * len, TEXT16 + 2 * len + PAD);
      n += scanner.count16(len);
    }
    // colons after whitespace: walk back over it in the text
    const wsColons = slow.value;
    for (let j = 0; j < wsColons; j++) if (keyBefore(text, start + (offsets[j] as number))) n++;
  }
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
function maySurrogateEscape(text: string): boolean {
  for (let i = text.indexOf("\\u"); i !== -1; i = text.indexOf("\\u", i + 2)) {
    const d = text.charCodeAt(i + 2);
    const x = text.charCodeAt(i + 3) | 0x20; // lower case for letters
    if ((d === 100 || d === 68) && (x === 0x38 || x === 0x39 || (x >= 97 && x <= 102))) return true;
  }
  return false;
}

/**
 * True when valid JSON `text`, whose JSON.parse result holds `keys` object
 * properties in all (see {@link parsedKeyCount}), certainly has no duplicate
 * key in any object and no escape that decodes to a UTF-16 surrogate. False
 * means "maybe": run the precise scan.
 */
export function keysCertainlyClean(text: string, keys: number): boolean {
  return !maySurrogateEscape(text) && keyCountUpperBound(text) === keys;
}
