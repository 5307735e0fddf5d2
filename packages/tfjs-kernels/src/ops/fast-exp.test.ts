import { describe, expect, it } from "vitest";
import { fastExp } from "./fast-exp.js";

describe("fastExp", () => {
  it("is within 1e-10 relative of Math.exp over the float range", () => {
    let worst = 0;
    for (let i = 0; i <= 200_000; i++) {
      const x = -100 + (188 * i) / 200_000; // float32's exp range, both signs
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(fastExp(x) - e) / e);
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it("keeps the edge values of Math.exp", () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(Number.NaN)).toBeNaN();
    expect(fastExp(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(fastExp(1000)).toBe(Number.POSITIVE_INFINITY);
    expect(fastExp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(fastExp(-1e30)).toBe(0);
    expect(Math.abs(fastExp(700) / Math.exp(700) - 1)).toBeLessThan(1e-10);
  });
});
