import { type Random, xoshiro128 } from "@biore/internal";
import { MetricsError } from "./errors.js";

export type { Random };

/** Checks a seed is a safe integer. */
export function checkSeed(seed: unknown, argument = "options.seed"): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new MetricsError("INVALID_OPTION", argument, `must be an integer, got ${String(seed)}`);
  }
  return seed;
}

/**
 * A deterministic generator (xoshiro128**, shared through @biore/internal): the
 * same seed always gives the same sequence, so bootstrap intervals reproduce.
 */
export function createRandom(seed: number): Random {
  return xoshiro128(seed);
}
