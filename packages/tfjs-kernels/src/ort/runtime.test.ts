import { describe, expect, it } from "vitest";
import { int64 } from "./onnx-proto.js";
import { loadOnnxRuntime } from "./runtime.js";

// onnxruntime-node is a dev dependency: these run with it (the fallback suites run without).
describe("OnnxRuntime.runMany", () => {
  const { runtime } = loadOnnxRuntime(1);

  it("returns several outputs, writes into preallocated arrays, reads int64 and negative constants", () => {
    if (!runtime) throw new Error("onnxruntime-node should load in this package's tests");
    const graph = () => ({
      nodes: [
        { opType: "Mul", inputs: ["a", "b"], outputs: ["product"] },
        // axes -1 as an int64 initializer (two's complement varint in the tensor's raw data)
        { opType: "ReduceSum", inputs: ["a", "axes"], outputs: ["rowSums"] },
        { opType: "Slice", inputs: ["a", "starts", "ends", "axes"], outputs: ["lastTwo"] },
      ],
      inputs: [
        { name: "a", dims: ["n", "m"] },
        { name: "b", dims: ["n", "m"] },
      ],
      outputs: [
        { name: "product", dims: ["n", "m"] },
        { name: "rowSums", dims: ["n", 1] },
        { name: "lastTwo", dims: ["n", 2] },
      ],
      initializers: [int64("axes", [-1]), int64("starts", [-2]), int64("ends", [2 ** 40])],
    });
    const a = Float32Array.of(1, 2, 3, 4, 5, 6);
    const b = Float32Array.of(2, 2, 2, -1, -1, -1);
    const product = new Float32Array(6);
    const out = runtime.runMany(
      "test runMany",
      graph,
      { a: { data: a, dims: [2, 3] }, b: { data: b, dims: [2, 3] } },
      { product: { data: product, dims: [2, 3] }, rowSums: null, lastTwo: null },
    );
    expect([...product]).toEqual([2, 4, 6, -4, -5, -6]);
    expect([...(out.product as Float32Array)]).toEqual([2, 4, 6, -4, -5, -6]);
    expect([...(out.rowSums as Float32Array)]).toEqual([6, 15]);
    expect([...(out.lastTwo as Float32Array)]).toEqual([2, 3, 5, 6]);
    // run() is runMany with the one output
    const single = runtime.run(
      "test run",
      () => ({
        nodes: [{ opType: "Neg", inputs: ["a"], outputs: ["out"] }],
        inputs: [{ name: "a", dims: ["n"] }],
        outputs: [{ name: "out", dims: ["n"] }],
      }),
      { a: { data: Float32Array.of(1, -2), dims: [2] } },
    );
    expect([...single]).toEqual([-1, 2]);
  });

  it("names the graph when onnxruntime rejects a run", () => {
    if (!runtime) throw new Error("onnxruntime-node should load in this package's tests");
    const graph = () => ({
      nodes: [{ opType: "Add", inputs: ["a", "b"], outputs: ["out"] }],
      inputs: [
        { name: "a", dims: ["n"] },
        { name: "b", dims: ["n"] },
      ],
      outputs: [{ name: "out", dims: ["n"] }],
    });
    expect(() =>
      runtime.runMany(
        "test mismatch",
        graph,
        {
          a: { data: new Float32Array(2), dims: [2] },
          b: { data: new Float32Array(3), dims: [3] },
        },
        { out: null },
      ),
    ).toThrow(expect.objectContaining({ code: "ONNXRUNTIME_FAILED", where: "test mismatch" }));
  });
});
