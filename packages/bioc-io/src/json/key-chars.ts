// Character tests of the cheap duplicate-key proof (key-count.ts), shared by
// its JavaScript loops and the WebAssembly scanner's edge cases
// (key-count-simd.ts), which must decide exactly as they do; JSON whitespace
// also serves the streaming scanner (json-stream.ts).

const QUOTE = 34;

/** JSON whitespace: space, newline, carriage return, tab. */
export function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The colon at `colon` ends a key: the last non-whitespace character before it is a quote. */
export function keyBefore(text: string, colon: number): boolean {
  let k = colon - 1;
  let c = text.charCodeAt(k);
  while (isWs(c)) c = text.charCodeAt(--k);
  return c === QUOTE;
}

/** The `\u` at `i` is followed by `d` or `D` and `8`, `9` or a-f (any case): maybe `\uD800`-`\uDFFF`. */
export function surrogateEscapeAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 92 || text.charCodeAt(i + 1) !== 117) return false;
  const d = text.charCodeAt(i + 2);
  const x = text.charCodeAt(i + 3) | 0x20; // lower case for letters
  return (d === 100 || d === 68) && (x === 0x38 || x === 0x39 || (x >= 97 && x <= 102));
}
