import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { UserError } from "../user-error.js";
import { checkTyperFlags, parseTyperWeight, typerCliOptions, typerOf } from "./typer-option.js";

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
    const [weight] = typerCliOptions();
    expect(weight?.long).toBe("--typer-weight");
    expect(weight?.defaultValue).toBe(0.75);
    expect(typerOf({ typerWeight: 0 })).toEqual({});
    expect(typerOf({ typerWeight: 1.5 }).typer).toMatchObject({
      weight: 1.5,
      evidence: false,
      typesOnly: false,
    });
  });
});

describe("--typer-types-only", () => {
  it("is off unless given, and asks the runner for types-only fusion when given", () => {
    const typesOnly = typerCliOptions().find((o) => o.long === "--typer-types-only");
    expect(typesOnly?.defaultValue).toBeUndefined();
    expect(typerOf({ typerWeight: 0.75, typerTypesOnly: true }).typer).toMatchObject({
      weight: 0.75,
      typesOnly: true,
    });
  });

  it("is refused without a typer, naming both flags", () => {
    expect(() => checkTyperFlags({ typerWeight: 0, typerTypesOnly: true })).toThrow(UserError);
    expect(() => checkTyperFlags({ typerWeight: 0, typerTypesOnly: true })).toThrow(
      /--typer-types-only.*--typer-weight 0/,
    );
    expect(() => checkTyperFlags({ typerWeight: 0 })).not.toThrow();
    expect(() => checkTyperFlags({ typerWeight: 0.5, typerTypesOnly: true })).not.toThrow();
  });
});
