import { describe, expect, it } from "vitest";
import { GraphBuilder } from "./graph-builder.js";
import { loadOnnxRuntime } from "./runtime.js";

describe("GraphBuilder", () => {
  const { runtime } = loadOnnxRuntime(1);

  it("renames a computed value for every reader, so a part's value can be a graph output", () => {
    if (!runtime) throw new Error("onnxruntime-node should load in this package's tests");
    const g = new GraphBuilder();
    const doubled = g.node("Add", ["a", "a"], "doubled");
    g.node("Mul", [doubled, g.float("two", 2)], "quadrupled");
    g.rename(doubled, "twice");
    expect(g.nodes.map((n) => [...n.inputs, "->", ...n.outputs])).toEqual([
      ["a", "a", "->", "twice"],
      ["twice", "two", "->", "quadrupled"],
    ]);
    const out = runtime.runMany(
      "test builder rename",
      () =>
        g.graph(
          [{ name: "a", dims: ["n"] }],
          [
            { name: "twice", dims: ["n"] },
            { name: "quadrupled", dims: ["n"] },
          ],
        ),
      { a: { data: Float32Array.of(1, -3), dims: [2] } },
      { twice: null, quadrupled: null },
    );
    expect([...(out.twice as Float32Array)]).toEqual([2, -6]);
    expect([...(out.quadrupled as Float32Array)]).toEqual([4, -12]);
  });

  it("copies a graph input it is asked to rename, and adds each named constant once", () => {
    const g = new GraphBuilder();
    expect(g.rename("a", "a")).toBe("a");
    expect(g.nodes).toEqual([]);
    g.rename("a", "out");
    expect(g.nodes).toEqual([{ opType: "Identity", inputs: ["a"], outputs: ["out"] }]);
    g.ints("axes_0", [0]);
    g.ints("axes_0", [0]);
    g.float("zero", 0);
    g.float("zero", 0);
    expect(g.initializers.map((i) => i.name)).toEqual(["axes_0", "zero"]);
  });
});
