import { resolve } from "node:path";
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { encoderLabel, parseEncoder } from "./encoder-option.js";

describe("--encoder", () => {
  it("reads conv and hf:<folder> (resolved), and refuses anything else with the accepted forms", () => {
    expect(parseEncoder("conv")).toEqual({ kind: "conv" });
    expect(parseEncoder("hf:models/pubmedbert")).toEqual({
      kind: "hf",
      folder: resolve("models/pubmedbert"),
    });
    expect(encoderLabel(parseEncoder("hf:/m"))).toBe("hf:/m");
    for (const bad of ["bert", "hf:", "hf", "pubmedbert"]) {
      expect(() => parseEncoder(bad)).toThrow(InvalidArgumentError);
      expect(() => parseEncoder(bad)).toThrow(/"conv" or "hf:<folder>"/);
    }
  });
});
