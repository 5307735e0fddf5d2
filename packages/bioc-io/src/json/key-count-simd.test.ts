import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { dataFile, haveData } from "@biore/test-data";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileKeyCountWat } from "../../scripts/build-wasm.js";
import { keyCountJs, maySurrogateEscape, parsedKeyCount } from "./key-count.js";
import { keysMatchSimd, scanTextSimd } from "./key-count-simd.js";
import { KEY_COUNT_WASM } from "./key-count-wasm.js";

// The WebAssembly scanner (key-count.wat) must give exactly the key count and
// the surrogate-escape answer the JavaScript loops give, on any text: the
// duplicate-key proof of read-json.ts compares the count with the parsed key
// count. These tests compare the two on generated texts (valid JSON and
// arbitrary strings of the characters that matter), across the chunks it
// copies the text in (one and two bytes a character), and on every JSON file
// in ../shared/data.

const CHUNK = 65536;

/** The SIMD key count, failing the test when the scanner did not run. */
function simd(text: string): number {
  const scan = scanTextSimd(text);
  if (scan === undefined) throw new Error("the WebAssembly scanner did not run");
  return scan.keys;
}

/**
 * Checks both copies the scanner makes: `text` as it is (one byte a
 * character when it can be) and with a character above U+00FF at its end,
 * which V8 holds two bytes a character.
 */
function agrees(text: string, where?: string): void {
  for (const t of [text, `${text}\u0100`])
    expect(scanTextSimd(t), where).toEqual({
      keys: keyCountJs(t),
      maySurrogate: maySurrogateEscape(t),
    });
}

describe("the WebAssembly key count", () => {
  it("ships the bytes key-count.wat compiles to", async () => {
    expect(Buffer.from(KEY_COUNT_WASM, "base64").equals(await compileKeyCountWat())).toBe(true);
  });

  it("runs here (Node has WebAssembly SIMD) and counts like the loop", () => {
    const text = '{"a":1, "b" :2, "c"\n\t: {"d": "x:y", "e\\":": "\\"\\r: "}}';
    // a, b, c, d, the escaped quote and colon inside the key "e\":" (an upper bound), and e
    expect(simd(text)).toBe(6);
    expect(keyCountJs(text)).toBe(6);
    expect(simd("")).toBe(0);
    expect(simd(":")).toBe(0);
    expect(simd('":')).toBe(1);
    expect(simd('"\u00e9\u00ff":1')).toBe(1);
  });

  it("counts texts with characters above U+00FF (two bytes a character) like the loop", () => {
    const text = '{"\u03b1":"\u2013", "b":{"c" : 1}, "\u{1d400}\\":"\u0122:\u013a"}';
    expect(simd(text)).toBe(keyCountJs(text));
    // a character whose low byte is a quote, colon or space must not count as one
    expect(simd('"\u0122\u013a\u0120:\u0100":1')).toBe(keyCountJs('"\u0122\u013a\u0120:\u0100":1'));
  });

  it("agrees with the loops on generated JSON (keys, escapes, surrogate escapes)", () => {
    const ws = fc.constantFrom("", " ", "\n", "\t", "\r\n", "  \n\t ");
    const chars = fc.constantFrom(
      "a",
      ":",
      '\\"',
      "\\\\",
      "\\n",
      " ",
      "\u00e9",
      "\\u00e9",
      "x:y",
      '\\":',
      "\\ud83d\\ude00",
      "\\uDBFF",
      "\\ud7ff",
      "\\uDc00",
    );
    const str = fc.array(chars, { maxLength: 6 }).map((cs) => `"${cs.join("")}"`);
    const leaf = fc.oneof(str, fc.integer().map(String), fc.constantFrom("true", "null"));
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("v"), { maxLength: 4 }).map((xs) => `[${xs.join(",")}]`),
        fc
          .array(fc.tuple(str, ws, ws, tie("v")), { maxLength: 5 })
          .map((kvs) => `{${kvs.map(([k, w1, w2, v]) => `${k}${w1}:${w2}${v}`).join(",")}}`),
      ),
    })).v;
    fc.assert(
      fc.property(value, (text) => {
        JSON.parse(text); // valid JSON, as the reader hands it over
        agrees(text);
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  it("finds each escape that may be a surrogate, and no other", () => {
    const maybe = [..."89abcdefABCDEF"].flatMap((x) => [`\\ud${x}00`, `\\uD${x}00`]);
    const not = [
      "\\ud700",
      "\\uD7ff",
      "\\udg00",
      "\\ue800",
      "\\u0d80",
      "\\ud",
      "\\u",
      "\\uD:00",
      "ud800",
    ];
    for (const e of maybe) {
      expect(scanTextSimd(`{"a":"x${e}"}`)?.maySurrogate, e).toBe(true);
      agrees(`{"a":"x${e}"}`);
    }
    for (const e of not) {
      expect(scanTextSimd(`{"a":"x${e}"}`)?.maySurrogate, e).toBe(false);
      agrees(`{"a":"x${e}"}`);
    }
  });

  it("agrees with the loops on any string of quotes, colons, whitespace, backslashes and escape letters", () => {
    const text = fc
      .array(
        fc.constantFrom(
          '"',
          ":",
          " ",
          "\n",
          "\t",
          "\r",
          "\\",
          "a",
          "\u0000",
          "\u00ff",
          "\u0122",
          "\u013a",
          "u",
          "d",
          "D",
          "8",
          "9",
          "b",
          "F",
          "g",
          "\u0144",
        ),
        { maxLength: 300 },
      )
      .map((cs) => cs.join(""));
    fc.assert(
      fc.property(text, (t) => agrees(t)),
      { numRuns: 3000, seed: 15 },
    );
  });

  it("agrees across chunk boundaries (keys, colons and whitespace runs that straddle them)", () => {
    const filler = (n: number) => "x".repeat(n);
    const cases = [
      // a key's quote at the last place of one chunk, its colon at the first of the next
      `${filler(CHUNK - 1)}":1`,
      `${filler(CHUNK - 2)}":1`,
      // whitespace that starts in one chunk and ends in the next (or two chunks on)
      `${filler(CHUNK - 3)}"${" ".repeat(10)}:1`,
      `${filler(CHUNK - 3)}"${"\n".repeat(CHUNK + 5)}:1`,
      `${filler(CHUNK - 1)}${" ".repeat(3)}:1`,
      // a colon at the very start of a chunk with no quote before it
      `${filler(CHUNK)}:1`,
      // the last chunk of exactly 64 bytes, 1 byte, and a length of exactly two chunks
      `${filler(2 * CHUNK - 64)}"${":".repeat(63)}`,
      `${filler(CHUNK)}"`,
      `${'"a":1,'.repeat((2 * CHUNK) / 6)}"a"`.slice(0, 2 * CHUNK),
    ];
    // a surrogate escape cut by a chunk's end at each of its first three characters
    for (let cut = 1; cut <= 3; cut++) cases.push(`${filler(CHUNK - cut)}\\uD834${filler(9)}`);
    for (const text of cases) agrees(text);
    // the same with the two-byte copy's chunk (half as many characters)
    for (const text of cases) agrees(`\u0100${text.slice(CHUNK / 2 + 1)}`);
    // a text whose every 64-byte round holds keys (the 63-round lane sums)
    const dense = '"k":"v", '.repeat(40_000);
    expect(simd(dense)).toBe(40_000);
    // every round noted for a colon after whitespace (the list of noted rounds full), one and two bytes
    const spaced = '"k" :1, '.repeat(CHUNK / 2);
    expect(simd(spaced)).toBe(CHUNK / 2);
    agrees(spaced);
    agrees(`\u0100${spaced}`);
  });

  it("agrees with the loop on generated texts longer than a chunk", () => {
    const piece = fc.constantFrom(
      '"id":"a"',
      '"t": "b:c"',
      '"u"\n:\t"\\":"',
      ", ",
      " ",
      "\n",
      '"\u03b1":1',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 40 }), fc.nat(3), (ps, rep) => {
        const unit = ps.join("");
        const text = unit.repeat(Math.ceil((CHUNK * (1 + rep)) / unit.length) + 1);
        agrees(text);
      }),
      { numRuns: 40, seed: 15 },
    );
  });
});

describe("the reader's proof (keysMatchSimd: one byte a character whatever V8 holds)", () => {
  /** What the proof must answer for valid JSON `text` whose parsed value holds `keys` properties. */
  const expected = (text: string, keys: number) =>
    !maySurrogateEscape(text) && keyCountJs(text) === keys;

  it("decides as the exact count does when characters above U+00FF copy to a quote, colon or space", () => {
    // U+0122, U+013A, U+0120: low bytes " : and space
    const texts = [
      '{"a":"\u0122:"}',
      '{"\u0122":"\u013a","b" : "\u0120:","c":{"\u0122\u013a":1}}',
      '{"a":1,"a":"\u0122:"}',
      '{"x\u0122":"\u0122:\u0122:","x\u0122":2}',
      '{"a":"\u0120:","b":"\u0122\\n:"}',
    ];
    for (const text of texts) {
      expect(text).toMatch(/[\u0100-\uffff]/);
      const keys = parsedKeyCount(JSON.parse(text));
      expect(keysMatchSimd(text, keys), text).toBe(expected(text, keys));
      expect(keysMatchSimd(text, keys - 1), text).toBe(false);
    }
    // a repeated key among characters that copy to quote-colon pairs is still found
    const dup = '{"a":1,"a":"\u0122:\u0122:"}';
    expect(keysMatchSimd(dup, 1)).toBe(false);
    expect(keysMatchSimd('{"a":1,"b":"\u0122:"}', 2)).toBe(true);
  });

  it("agrees with the exact count on generated JSON, one and two bytes a character, with repeated keys", () => {
    const ws = fc.constantFrom("", " ", "\n", "\t");
    const chars = fc.constantFrom(
      "a",
      ":",
      '\\"',
      " ",
      "\u00e9",
      "\u0122",
      "\u013a",
      "\u0120",
      "\u2013",
      "\\ud800",
      "\\u0122",
    );
    const str = fc.array(chars, { maxLength: 5 }).map((cs) => `"${cs.join("")}"`);
    const key = fc.constantFrom('"a"', '"b"', '"\u0122"', '"\u013a:"', '"c\u0120"');
    const leaf = fc.oneof(str, fc.integer().map(String), fc.constant("null"));
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("v"), { maxLength: 3 }).map((xs) => `[${xs.join(",")}]`),
        fc
          .array(fc.tuple(key, ws, tie("v")), { maxLength: 4 })
          .map((kvs) => `{${kvs.map(([k, w, v]) => `${k}${w}:${v}`).join(",")}}`),
      ),
    })).v;
    fc.assert(
      fc.property(value, fc.boolean(), (text, wide) => {
        const t = wide ? `[${text},"\u0100"]` : text;
        const keys = parsedKeyCount(JSON.parse(t));
        expect(keysMatchSimd(t, keys)).toBe(expected(t, keys));
        if (keys > 0) expect(keysMatchSimd(t, keys - 1)).toBe(false);
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  it("agrees with the exact count across chunk boundaries of a two-byte text", () => {
    const head = "\u0100".repeat(CHUNK - 1);
    for (const tail of ['":1', "\u0122:1", " \u013a", '"\u0122:"']) {
      const text = `["${head}", {"k${tail.replaceAll('"', "")}":"${tail.replaceAll('"', "")}"}]`;
      const keys = parsedKeyCount(JSON.parse(text));
      expect(keysMatchSimd(text, keys)).toBe(expected(text, keys));
    }
  });
});

/** Every .json file under a folder (the shared corpora and fixtures). */
function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return /\.json$/i.test(name) ? [path] : [];
  });
}

describe("the WebAssembly key count on the real files", () => {
  const dirs = [dataFile("biored"), dataFile("bc6pm"), dataFile("fixtures")];
  const present = haveData(...dirs);
  it.skipIf(!present)(
    "agrees with the loop on every JSON file of ../shared/data (BioRED, BC6PM, fixtures)",
    () => {
      const files = dirs.flatMap(jsonFiles);
      expect(files.length).toBeGreaterThanOrEqual(12);
      for (const file of files) {
        const text = readFileSync(file, "utf8");
        agrees(text, file);
      }
    },
  );
});
