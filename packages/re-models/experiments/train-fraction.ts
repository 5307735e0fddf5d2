// TRAIN_FRACTION (learning curves): which fit documents a run keeps. One seeded shuffle shared
// by biored.ts (what the network trains on) and the fusion drivers (what the typer is fitted
// on), so both see exactly the same documents.
import { shuffled } from "@biore/relation-dataset";
import { HELD_OUT_SEED } from "./settings.js";

/**
 * The first round(n × fraction) items (at least 1) of `items` in the runs' seeded order, or all
 * of them in their own order at fraction 1.
 */
export function keptForFraction<T>(items: readonly T[], fraction: number): T[] {
  if (!(fraction > 0 && fraction <= 1))
    throw new Error(`TRAIN_FRACTION must be in (0, 1], got ${fraction}`);
  if (fraction === 1) return [...items];
  const keep = Math.max(1, Math.round(items.length * fraction));
  return shuffled(items, HELD_OUT_SEED).slice(0, keep);
}
