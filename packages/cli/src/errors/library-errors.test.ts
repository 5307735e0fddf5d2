import { BioCError, BioCValidationError } from "@biore/bioc-io";
import { describe, expect, it } from "vitest";
import { UserError } from "../user-error.js";
import { libraryErrorToUserError } from "./library-errors.js";

describe("libraryErrorToUserError", () => {
  it("turns bioc-io errors, strict-mode subclasses included, into a UserError with a hint", () => {
    const plain = libraryErrorToUserError(
      new BioCError("EMPTY_INPUT", "file is empty", { file: "a.xml" }),
    );
    expect(plain).toBeInstanceOf(UserError);
    expect(plain?.hint).toMatch(/file is empty|BioC/);

    const strict = new BioCValidationError(
      [
        {
          code: "INVALID_VALUE",
          jsonPath: "$.documents[0].id",
          message: "id must be a string",
          documentId: "1",
        },
      ],
      { file: "b.json" },
    );
    const mapped = libraryErrorToUserError(strict);
    expect(mapped).toBeInstanceOf(UserError);
    expect(mapped?.message).toMatch(/id must be a string at \$\.documents\[0\]\.id/);
    expect(mapped?.hint).toMatch(/not valid BioC/);
  });

  it("leaves errors that are bugs alone", () => {
    expect(libraryErrorToUserError(new TypeError("x is undefined"))).toBeUndefined();
  });
});
