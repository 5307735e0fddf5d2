import { describe, expect, it } from "vitest";
import { f1FromPrecisionRecall } from "./f1.js";

describe("f1FromPrecisionRecall", () => {
  it("is the harmonic mean, and 0 when precision and recall are 0", () => {
    expect(f1FromPrecisionRecall(0.5, 1)).toBeCloseTo(2 / 3, 12);
    expect(f1FromPrecisionRecall(0, 0)).toBe(0);
  });
});
