import { describe, expect, it } from "vitest";
import { dot, dot4, squaredDistance, squaredDistance4 } from "./host-math.js";

describe("host math", () => {
  // five rows of three values
  const data = Float64Array.from([1, 2, 3, 0.5, -1, 2, 4, 0, -2, 1e-3, 7, 1, -3, 3, 3]);

  it("dot and squaredDistance of two rows", () => {
    expect(dot(data, 0, 3, 3)).toBe(1 * 0.5 + 2 * -1 + 3 * 2);
    expect(squaredDistance(data, 0, 6, 3)).toBe(3 * 3 + 2 * 2 + 5 * 5);
  });

  it("the four-row forms give exactly the one-row results", () => {
    const out = new Float64Array(4);
    dot4(data, 0, 3, 3, out);
    expect([...out]).toEqual([3, 6, 9, 12].map((b) => dot(data, 0, b, 3)));
    squaredDistance4(data, 0, 3, 3, out);
    expect([...out]).toEqual([3, 6, 9, 12].map((b) => squaredDistance(data, 0, b, 3)));
  });
});
