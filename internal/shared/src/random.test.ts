import { describe, expect, it } from "vitest";
import {
  deriveSeed,
  mulberry32,
  seededParts,
  shuffleInPlace,
  shuffled,
  splitHeldOut,
  xoshiro128,
} from "./random.js";

// Golden values recorded from the copies these functions replace (re-models
// random.ts, relation-dataset splits.ts, re-metrics random.ts, hard-negative-miner
// rng.ts): seeded outputs, and so trained models and published figures, must not move.
describe("seeded randomness", () => {
  const items = Array.from({ length: 10 }, (_, i) => i);

  it("mulberry32 and deriveSeed give the recorded sequences", () => {
    const r = mulberry32(42);
    expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(deriveSeed(7, 1, 2)).toBe(211905442);
    expect(deriveSeed(0)).toBe(506952121);
    // hard-negative-miner mixes its seed with the golden ratio before mulberry32
    const h = mulberry32((5 ^ 0x9e3779b9) >>> 0);
    expect([h(), h()]).toEqual([0.217193350661546, 0.9914532694965601]);
    expect(shuffleInPlace([...items], mulberry32((1 ^ 0x9e3779b9) >>> 0))).toEqual([
      9, 0, 8, 5, 7, 4, 3, 6, 2, 1,
    ]);
  });

  it("shuffled and splitHeldOut give the recorded orders", () => {
    expect(shuffled(items, 9)).toEqual([6, 0, 2, 8, 3, 4, 5, 9, 7, 1]);
    expect(splitHeldOut(items, 0.3, 3)).toEqual({
      train: [0, 1, 2, 3, 4, 7, 8],
      heldOut: [5, 6, 9],
    });
    expect(shuffled(items, 9)).not.toBe(items);
  });

  it("seededParts cuts one shuffled order into consecutive parts, rest last", () => {
    const parts = seededParts(10, [2, 3], 9);
    expect(parts).toEqual([
      [6, 0],
      [2, 8, 3],
      [4, 5, 9, 7, 1],
    ]);
    expect(seededParts(4, [4], 1)).toHaveLength(1);
  });

  it("splitHeldOut holds out at least one of two or more, none of one, and checks the fraction", () => {
    expect(splitHeldOut([1, 2], 0.01, 1).heldOut).toHaveLength(1);
    expect(splitHeldOut([1], 0.5, 1)).toEqual({ train: [1], heldOut: [] });
    expect(() => splitHeldOut(items, 1, 1)).toThrow(/fraction/);
  });

  it("xoshiro128 gives the recorded sequence (re-metrics' bootstrap)", () => {
    const x = xoshiro128(123);
    expect([x.next(), x.next(), x.nextInt(1000)]).toEqual([
      0.732650596519374, 0.5029474919260335, 981,
    ]);
  });
});
