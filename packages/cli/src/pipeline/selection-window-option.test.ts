import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { parseSelectionWindow, selectionWindowOf } from "./selection-window-option.js";

describe("--selection-window", () => {
  it("reads 1 or 3 and refuses anything else naming the allowed values", () => {
    expect(parseSelectionWindow("1")).toBe(1);
    expect(parseSelectionWindow("3")).toBe(3);
    expect(parseSelectionWindow(" 3 ")).toBe(3);
    for (const bad of ["0", "2", "x", "", "1.0", "3e0", "-1", "5"]) {
      expect(() => parseSelectionWindow(bad)).toThrow(InvalidArgumentError);
      expect(() => parseSelectionWindow(bad)).toThrow(/expected 1 .* or 3 .*, got "/);
    }
  });

  it("leaves the trainer's default alone when absent, and passes 1 and 3 through", () => {
    expect(selectionWindowOf(undefined)).toEqual({});
    expect(selectionWindowOf(1)).toEqual({ selectionWindow: 1 });
    expect(selectionWindowOf(3)).toEqual({ selectionWindow: 3 });
  });
});
