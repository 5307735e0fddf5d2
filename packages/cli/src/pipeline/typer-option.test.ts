import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { parseTyperWeight, typerOf, typerWeightCliOption } from "./typer-option.js";

describe("--typer-weight", () => {
  it("reads a weight >= 0 and refuses anything else saying what it means", () => {
    expect(parseTyperWeight("0")).toBe(0);
    expect(parseTyperWeight("0.75")).toBe(0.75);
    expect(parseTyperWeight("3")).toBe(3);
    for (const bad of ["", " ", "-0.5", "heavy", "NaN", "Infinity"]) {
      expect(() => parseTyperWeight(bad)).toThrow(InvalidArgumentError);
      expect(() => parseTyperWeight(bad)).toThrow(/number >= 0/);
    }
  });

  it("defaults to the weight chosen on Train folds (0.75), and 0 asks the runner for no typer", () => {
    expect(typerWeightCliOption().defaultValue).toBe(0.75);
    expect(typerOf(0)).toEqual({});
    expect(typerOf(1.5).typer).toMatchObject({ weight: 1.5, evidence: false, typesOnly: false });
  });
});
