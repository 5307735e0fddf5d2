import { expect } from "vitest";
import { MetricsError, type MetricsErrorCode } from "./errors.js";

/** Test helper: `run` throws a MetricsError with this code naming this argument. */
export function expectMetricsError(
  run: () => unknown,
  code: MetricsErrorCode,
  argument: string,
): MetricsError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MetricsError);
  const error = caught as MetricsError;
  expect(error.code).toBe(code);
  expect(error.argument).toBe(argument);
  expect(error.message).toContain(argument);
  return error;
}
