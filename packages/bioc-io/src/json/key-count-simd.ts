import { serialize } from "node:v8";
import { keyBefore, surrogateEscapeAt } from "./key-chars.js";
import { KEY_COUNT_WASM } from "./key-count-wasm.js";

// key-count.ts's two text tests in one pass over the text. The key count
// (keyCountJs) runs in key-count.wat over a copy of the text, 16 bytes at a
// time: on BioRED Dev (a colon every 36 characters) about 3x faster than the
// indexOf loop. The text goes into the module's memory in chunks: for the
// reader's proof (keysMatchSimd) always one byte a character, for the exact
// count (scanTextSimd) as V8 holds it, a string of one-byte characters
// (U+0000-U+00FF) as Latin-1 bytes, any other as UTF-16 code units; either
// copy costs about a memcpy.
// Layout as in key-count.wat. The surrogate-escape test (maySurrogateEscape)
// stays a native indexOf loop, run chunk by chunk right after the copy has
// read the chunk (a CPU profile gave it 0.4 ms of an 8 MB read when it ran
// over the whole text after the count; A/B runs of the two orders measured
// alike). The same test inside the module's loop made that loop slower than
// both.

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

/** What one pass of the scanner found. */
export interface TextScan {
  /** key-count.ts keyCountJs(text). */
  keys: number;
  /** key-count.ts maySurrogateEscape(text). */
  maySurrogate: boolean;
}

/** Both text tests of key-count.ts in one pass; undefined where WebAssembly SIMD is missing. */
export function scanTextSimd(text: string): TextScan | undefined {
  return scanText(text, storedOneByte(text) && !WIDE.test(text));
}

/**
 * key-count.ts keysCertainlyClean where WebAssembly SIMD runs (undefined
 * where it does not): no escape that may be a surrogate, and the text's key
 * count equals `keys`. The text is copied one byte a character whatever V8
 * holds, with no test of which it holds (that test, node:v8's serializer,
 * cost about 0.006x of JSON.parse on BioRED Dev). A character above U+00FF
 * is then copied as its low byte, which may add a quote or a colon but never
 * removes one: the key quotes and colons are ASCII, and a colon after
 * whitespace is settled in the text itself. So the count is still an upper
 * bound on the keys, and equal to `keys` it still proves that no key is
 * repeated (key-count.ts). Only when it differs and the text holds such
 * characters is the exact count taken.
 */
export function keysMatchSimd(text: string, keys: number): boolean | undefined {
  const scan = scanText(text, true);
  if (scan === undefined) return undefined;
  if (scan.maySurrogate) return false;
  if (scan.keys === keys) return true;
  return WIDE.test(text) && scanText(text, false)?.keys === keys;
}

/** One pass over `text`, copied one byte a character (`latin1`) or two. */
function scanText(text: string, latin1: boolean): TextScan | undefined {
  if (scanner === undefined) scanner = loadScanner();
  if (scanner === null) return undefined;
  const chunk = latin1 ? CHUNK8 : CHUNK16;
  const { bytes, offsets, slow } = scanner;
  let keys = 0;
  let maySurrogate = false;
  // the next `\u` at or after the chunk (-1: none left), as maySurrogateEscape steps
  let nextEscape = -2;
  for (let start = 0; start < text.length; start += chunk) {
    const end = Math.min(start + chunk, text.length);
    const len = end - start;
    const part = start === 0 && end === text.length ? text : text.slice(start, end);
    const before = start === 0 ? 0 : text.charCodeAt(start - 1);
    if (latin1) {
      bytes[TEXT8 - 1] = before; // (its low byte, as the copy)
      bytes.write(part, TEXT8, "latin1");
      bytes.fill(0, TEXT8 + len, TEXT8 + len + PAD);
      keys += scanner.count8(len);
    } else {
      bytes.writeUInt16LE(before, TEXT16 - 2);
      bytes.write(part, TEXT16, "utf16le");
      bytes.fill(0, TEXT16 + 2 * len, TEXT16 + 2 * len + PAD);
      keys += scanner.count16(len);
    }
    // colons after whitespace: walk back over it in the text
    const wsColons = slow.value;
    for (let j = 0; j < wsColons; j++) if (keyBefore(text, start + (offsets[j] as number))) keys++;
    if (!maySurrogate) {
      if (nextEscape === -2) nextEscape = text.indexOf("\\u");
      while (nextEscape !== -1 && nextEscape < end) {
        if (surrogateEscapeAt(text, nextEscape)) {
          maySurrogate = true;
          break;
        }
        nextEscape = text.indexOf("\\u", nextEscape + 2);
      }
    }
  }
  return { keys, maySurrogate };
}
