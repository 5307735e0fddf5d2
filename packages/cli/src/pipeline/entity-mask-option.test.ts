import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { entityMaskOf, parseEntityMask } from "./entity-mask-option.js";

describe("--entity-mask", () => {
  it("reads a probability in [0, 1] and refuses anything else saying what it means", () => {
    expect(parseEntityMask("0")).toBe(0);
    expect(parseEntityMask("0.5")).toBe(0.5);
    expect(parseEntityMask("1")).toBe(1);
    for (const bad of ["", " ", "-0.1", "1.5", "half", "NaN", "Infinity"]) {
      expect(() => parseEntityMask(bad)).toThrow(InvalidArgumentError);
      expect(() => parseEntityMask(bad)).toThrow(/probability in \[0, 1\]/);
    }
  });

  it("leaves the trainer's default alone when absent, and passes 0 through", () => {
    expect(entityMaskOf(undefined)).toEqual({});
    expect(entityMaskOf(0)).toEqual({ entityMask: 0 });
  });
});
