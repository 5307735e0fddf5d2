import { describe, expect, it } from "vitest";
import { modelShape } from "./config.js";

describe("modelShape", () => {
  it("gives the larger size more capacity and rejects unknown sizes", () => {
    expect(modelShape("base").hiddenDim).toBeGreaterThan(modelShape("small").hiddenDim);
    expect(() => modelShape("huge")).toThrow(/expected one of: small, base/);
  });
});
