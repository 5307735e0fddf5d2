import { describe, expect, it } from "vitest";
import { createRng, deriveSeed, shuffled, splitHeldOut } from "./random.js";

describe("seeded randomness", () => {
  it("repeats for a seed and differs across seeds", () => {
    const a = createRng(5);
    const b = createRng(5);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(createRng(6)()).not.toBe(first[0]);
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffled(items, 9)).toEqual(shuffled(items, 9));
    expect([...shuffled(items, 9)].sort((x, y) => x - y)).toEqual(items);
  });

  it("holds out a seeded slice that partitions the items", () => {
    const items = Array.from({ length: 50 }, (_, i) => `d${i}`);
    const split = splitHeldOut(items, 0.1, 3);
    expect(split.heldOut.length).toBe(5);
    expect(new Set([...split.train, ...split.heldOut]).size).toBe(50);
    expect(splitHeldOut(items, 0.1, 3)).toEqual(split);
    expect(splitHeldOut(items, 0.1, 4).heldOut).not.toEqual(split.heldOut);
  });
});
