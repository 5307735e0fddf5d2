import { describe, expect, it } from "vitest";
import { BioCError } from "./errors.js";

describe("BioCError", () => {
  it("carries a stable code and names the place in its message", () => {
    const err = new BioCError("INVALID_VALUE", "offset must be a number", {
      file: "Dev.BioC.JSON",
      documentId: "15485686",
      jsonPath: "$.documents[0].passages[1].offset",
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe("INVALID_VALUE");
    expect(err.message).toBe(
      "offset must be a number (Dev.BioC.JSON, $.documents[0].passages[1].offset, document 15485686)",
    );
    expect(err.location.documentId).toBe("15485686");
  });
});
