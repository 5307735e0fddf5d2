import { describe, expect, it } from "vitest";
import { RelationDatasetError, kFold, splitDocuments } from "./index.js";

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
});
