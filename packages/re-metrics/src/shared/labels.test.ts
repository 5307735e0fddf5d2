import { describe, expect, it } from "vitest";
import { expectMetricsError } from "./expect-metrics-error.js";
import { checkLabels, encodeLabels, uniqueSortedLabels } from "./labels.js";
import { createRandom } from "./random.js";

describe("encodeLabels", () => {
  it("numbers labels in first-seen order, on the table and the Map paths alike", () => {
    // small non-negative integers use a lookup table; strings, negatives and floats a Map
    expect(Array.from(encodeLabels([5, 5, 2, 9, 2]).ids)).toEqual([0, 0, 1, 2, 1]);
    expect(Array.from(encodeLabels([-5, -5, 2, 9, 2]).ids)).toEqual([0, 0, 1, 2, 1]);
    expect(Array.from(encodeLabels(["x", "x", "b", "a", "b"]).ids)).toEqual([0, 0, 1, 2, 1]);
    expect(encodeLabels([0.5, 1.5, 0.5]).count).toBe(2);
    expect(encodeLabels([]).count).toBe(0);
  });
});

describe("checkLabels", () => {
  it("returns the label kind and refuses mixtures, NaN and non-labels", () => {
    expect(checkLabels(["a"], "x")).toBe("string");
    expect(checkLabels(Int32Array.from([1]), "x")).toBe("number");
    expect(checkLabels([], "x")).toBeUndefined();
    expectMetricsError(() => checkLabels(["a", 1], "labels"), "MIXED_LABEL_TYPES", "labels");
    expectMetricsError(() => checkLabels([1], "labels", "string"), "MIXED_LABEL_TYPES", "labels");
    expectMetricsError(
      () => checkLabels([Number.POSITIVE_INFINITY], "labels"),
      "INVALID_LABEL",
      "labels",
    );
    expectMetricsError(() => checkLabels([true as never], "labels"), "INVALID_LABEL", "labels");
  });

  it("sorts numbers numerically and strings by code unit", () => {
    expect(uniqueSortedLabels([10, 9, 100], [9])).toEqual([9, 10, 100]);
    expect(uniqueSortedLabels(["b", "B", "a"])).toEqual(["B", "a", "b"]);
  });
});

describe("createRandom", () => {
  it("is deterministic per seed and uniform enough", () => {
    const a = createRandom(123);
    const b = createRandom(123);
    const c = createRandom(124);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    const random = createRandom(7);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = random.next();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)]!++;
    }
    // each bucket expects 10,000 ± 95 (1 sd); allow 5 sd
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
