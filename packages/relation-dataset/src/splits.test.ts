import { describe, expect, it } from "vitest";
import { RelationDatasetError, kFold, splitDocuments, splitHeldOut } from "./index.js";

const ids = Array.from({ length: 23 }, (_, i) => `doc${i}`);

describe("document splits", () => {
  it("splits by fractions, seeded, covering every id once", () => {
    const a = splitDocuments(ids, { seed: 7, fractions: { train: 0.8, dev: 0.2 } });
    const b = splitDocuments(ids, { seed: 7, fractions: { train: 0.8, dev: 0.2 } });
    const c = splitDocuments(ids, { seed: 8, fractions: { train: 0.8, dev: 0.2 } });
    expect(a).toEqual(b);
    expect(c.train).not.toEqual(a.train);
    expect(a.train).toHaveLength(19);
    expect(a.dev).toHaveLength(4);
    expect([...a.train, ...a.dev].sort()).toEqual([...ids].sort());
    expect(() => splitDocuments(["x", "x"], { seed: 1, fractions: { a: 1 } })).toThrow(
      RelationDatasetError,
    );
    expect(() => splitDocuments(ids, { seed: 1, fractions: { a: -1 } })).toThrow(/non-negative/);
  });

  it("makes k disjoint test folds whose union is every id", () => {
    const folds = kFold(ids, 5, 3);
    expect(folds).toHaveLength(5);
    expect(folds.flatMap((f) => f.test).sort()).toEqual([...ids].sort());
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(ids.length);
      expect(f.train.some((id) => f.test.includes(id))).toBe(false);
    }
    expect(kFold(ids, 5, 3)).toEqual(folds);
    expect(() => kFold(ids, 1, 3)).toThrow(/k must be/);
  });

  it("gives the recorded splits for a seed (the shared splitter changed nothing)", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `d${i}`);
    expect(
      splitDocuments(ten, { seed: 7, fractions: { train: 0.7, dev: 0.2, test: 0.1 } }),
    ).toEqual({
      train: ["d6", "d5", "d8", "d1", "d2", "d3", "d4"],
      dev: ["d7", "d9"],
      test: ["d0"],
    });
    expect(kFold(ten, 3, 5).map((f) => f.test)).toEqual([
      ["d5", "d8", "d4", "d6"],
      ["d3", "d2", "d1"],
      ["d7", "d0", "d9"],
    ]);
    expect(splitHeldOut(ten, 0.3, 3).heldOut).toEqual(["d5", "d6", "d9"]);
  });
});
