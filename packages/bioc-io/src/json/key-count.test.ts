import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCollection } from "../read.js";
import type { BioCWarning } from "../warnings.js";
import { keyCountJs, keysCertainlyClean, parsedKeyCount } from "./key-count.js";
import { scanTextSimd } from "./key-count-simd.js";
import { scanJsonKeys } from "./key-scan.js";

const clean = (text: string) => keysCertainlyClean(text, parsedKeyCount(JSON.parse(text)));

/** What the precise scanner reports for `text`: duplicate keys and lone surrogate escapes. */
function preciseFindings(text: string): number {
  let n = 0;
  scanJsonKeys(text, { duplicateKey: () => n++, loneSurrogate: () => n++ });
  return n;
}

describe("the cheap duplicate-key proof", () => {
  it("counts keys with or without whitespace before the colon", () => {
    const text = '{"a":1, "b" :2, "c"\n\t: {"d": "x:y"}}';
    expect(keyCountJs(text)).toBe(4);
    expect(scanTextSimd(text)?.keys).toBe(4);
    expect(parsedKeyCount(JSON.parse('{"a":1, "b" :2, "c"\n\t: {"d": "x:y"}}'))).toBe(4);
    expect(parsedKeyCount(JSON.parse('[{"a":[{"b":1},{"c":null}]}, 3, "s"]'))).toBe(3);
  });

  it("proves clean texts clean, including ones with escapes that are not surrogates", () => {
    expect(clean('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBe(true);
    expect(clean('{"t":"caf\\u00e9 \\"q\\" \\\\","k":"\\n"}')).toBe(true);
  });

  it("never proves a text with a duplicate key or a surrogate escape clean", () => {
    expect(clean('{"a":1,"b":{"c":1,"c":2}}')).toBe(false);
    expect(clean('{"\\u0061":1,"a":2}')).toBe(false);
    expect(clean('{"a":"x\\ud800"}')).toBe(false);
    expect(clean('{"a":"x\\uDFFF"}')).toBe(false);
    // an escaped quote before a colon inside a string only makes the bound larger
    expect(clean('{"a":"say \\":\\" twice"}')).toBe(false);
  });

  it("gives up (NaN) on nesting deeper than the stack instead of throwing", () => {
    const deep = JSON.parse(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    expect(parsedKeyCount(deep)).toBeNaN();
  });

  it("agrees with the precise scanner on random JSON with repeated keys", () => {
    const key = fc.constantFrom("a", "b", "id", "\\u0061", "x:y", 'q\\"', "\\ud800");
    const leaf = fc.oneof(
      fc.integer().map(String),
      fc.constantFrom('"v"', '"a: b"', '"\\":"', "null"),
    );
    const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
      v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("v"), { maxLength: 3 }).map((xs) => `[${xs.join(",")}]`),
        fc
          .array(fc.tuple(key, fc.constantFrom(":", " : ", "\n:"), tie("v")), { maxLength: 4 })
          .map((kvs) => `{${kvs.map(([k, sep, v]) => `"${k}"${sep}${v}`).join(",")}}`),
      ),
    })).v;
    fc.assert(
      fc.property(value, (text) => {
        JSON.parse(text); // generated texts are valid JSON
        if (preciseFindings(text) > 0) expect(clean(text)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe("duplicate keys through the reader", () => {
  const doc = (extra: string) =>
    `{"source":"s","date":"","key":"","infons":{},"documents":[{"id":"1","infons":{},"passages":[{"offset":0,"infons":{},"text":"Aspirin","sentences":[],"annotations":[],"relations":[]}],"relations":[]${extra}}]}`;

  it("finds one inside a value that unknown: 'ignore' removes", () => {
    const warnings: BioCWarning[] = [];
    parseCollection(doc(',"extra":{"k":1,"k":2}'), {
      unknown: "ignore",
      onWarning: (w) => warnings.push(w),
    });
    expect(warnings.map((w) => w.code)).toEqual(["DUPLICATE_KEY"]);
  });

  it("reports the duplicate key before a conversion error, as before", () => {
    const text = doc(',"annotations":[{"id":"A","id":"B","locations":"bad"}]');
    expect(() => parseCollection(text, { strict: false, onWarning: () => {} })).toThrow(
      /must be an array/,
    );
    const warnings: BioCWarning[] = [];
    expect(() => parseCollection(text, { onWarning: (w) => warnings.push(w) })).toThrow();
    expect(warnings.map((w) => w.code)).toEqual(["DUPLICATE_KEY"]);
  });
});
