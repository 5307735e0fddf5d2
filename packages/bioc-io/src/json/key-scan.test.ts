import { describe, expect, it } from "vitest";
import { scanJsonKeys } from "./key-scan.js";

function scan(text: string) {
  JSON.parse(text); // the scanner only sees text JSON.parse accepted
  const dups: [string, number][] = [];
  const lone: number[] = [];
  scanJsonKeys(text, {
    duplicateKey: (k, at) => dups.push([k, at]),
    loneSurrogate: (at) => lone.push(at),
  });
  return { dups, lone };
}

describe("scanJsonKeys", () => {
  it("finds a duplicate key per object, not across objects", () => {
    const text = '{"a":1,"b":{"a":2},"a":3}';
    expect(scan(text).dups).toEqual([["a", text.lastIndexOf('"a"')]]);
    expect(scan('[{"a":1},{"a":2}]').dups).toEqual([]);
    expect(scan('{"a":{"b":1,"c":[1,{"b":2}]},"b":3}').dups).toEqual([]);
  });

  it("compares keys after unescaping, and forgets the escaped keys of closed objects", () => {
    expect(scan('{"\\u0061":1,"a":2}').dups.map(([k]) => k)).toEqual(["a"]);
    expect(scan('{"x":{"\\u0062":1},"b":2}').dups).toEqual([]);
    expect(scan('{"k":"a \\"quoted\\" value","k2":"\\\\"}').dups).toEqual([]);
  });

  it("handles large objects", () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    expect(scan(`{${keys.join(",")}}`).dups).toEqual([]);
    expect(scan(`{${keys.join(",")},"k7":0}`).dups.map(([k]) => k)).toEqual(["k7"]);
  });

  it("finds escapes that decode to a lone surrogate, keys included", () => {
    expect(scan('{"a":"x\\ud800"}').lone).toEqual([5]);
    expect(scan('{"\\udc00":1}').lone).toEqual([1]);
    expect(scan('{"a":"\\ud83d\\ude00"}').lone).toEqual([]); // a pair is fine
  });
});
