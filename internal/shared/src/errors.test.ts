import { describe, expect, it } from "vitest";
import { BioreError, formatLocation } from "./errors.js";

class ParseError extends BioreError {
  override readonly name = "ParseError";
}

describe("BioreError", () => {
  it("carries code, where and cause; subclasses keep their prototype check", () => {
    const cause = new Error("disk");
    const e = new ParseError("BAD_INPUT", "bad input (a.json 3:4)", { where: "a.json 3:4", cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(BioreError);
    expect(e).toBeInstanceOf(ParseError);
    expect(e.code).toBe("BAD_INPUT");
    expect(e.where).toBe("a.json 3:4");
    expect(e.cause).toBe(cause);
    expect(new BioreError("X", "x")).not.toBeInstanceOf(ParseError);
    expect(new BioreError("X", "x", { where: "" }).where).toBeUndefined();
  });

  it("is recognised across copies of the class (each bundle inlines its own)", async () => {
    // A second, separately evaluated copy of errors.ts, as another package's bundle holds.
    const url = new URL("./errors.ts", import.meta.url);
    const other = (await import(
      /* @vite-ignore */ `${url.href}?copy`
    )) as typeof import("./errors.js");
    expect(other.BioreError).not.toBe(BioreError);
    const foreign = new other.BioreError("FOREIGN", "from another bundle");
    expect(foreign instanceof BioreError).toBe(true);
    expect(BioreError.isInstance(foreign)).toBe(true);
    expect(new ParseError("P", "p") instanceof other.BioreError).toBe(true);
    expect(foreign instanceof ParseError).toBe(false);
    expect(new Error("plain") instanceof BioreError).toBe(false);
    expect(BioreError.isInstance({ code: "X" })).toBe(false);
  });

  it("formats a location as one line", () => {
    expect(formatLocation({ file: "a.xml", line: 3, column: 7, documentId: "D1" })).toBe(
      "a.xml, 3:7, document D1",
    );
    expect(formatLocation({ file: "a.json", offset: 12, jsonPath: "$.documents[0]" })).toBe(
      "a.json, $.documents[0], offset 12",
    );
    expect(formatLocation({})).toBe("");
  });
});
