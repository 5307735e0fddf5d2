import { expect } from "vitest";
import { PretrainingError } from "../pretraining/errors.js";

/** Test helper: the code of the PretrainingError `f` throws, or "no error". */
export function pretrainingErrorCode(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(PretrainingError);
    return (error as PretrainingError).code;
  }
  return "no error";
}
