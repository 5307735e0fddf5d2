import type { OnnxGraph } from "../ort/onnx-proto.js";
import { type OnnxRuntime, OUTPUT } from "../ort/runtime.js";
import type { Shape } from "./segment-log-sum-exp.js";

/**
 * Below this many input values the host pass is cheaper than a native call (a sentence pooling of
 * 8 documents over 64-wide token states is ~200,000; a mention pooling ~10,000).
 */
export const MIN_GRAPH_ELEMENTS = 32_768;

/**
 * `segmentLogSumExp`'s forward pass as one onnxruntime graph (inference only): ReduceMax over the
 * rows, Exp, a batched MatMul by the [B, S, N] 0/1 segment matrix, Log, in float32 (the host pass
 * keeps its sums in float64; they agree to about 1e-7 relative).
 */
export function pooledByGraph(
  runtime: OnnxRuntime,
  xs: Float32Array,
  ids: Int32Array,
  shape: Shape,
  epsilon: number,
): Float32Array {
  const { batch, rows, width, segments } = shape;
  const members = new Float32Array(batch * segments * rows);
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < rows; n++) {
      const s = ids[b * rows + n] as number;
      if (s >= 0) members[(b * segments + s) * rows + n] = 1;
    }
  }
  return runtime.run(`segment log-sum-exp eps=${epsilon}`, () => graph(epsilon), {
    x: { data: xs, dims: [batch, rows, width] },
    members: { data: members, dims: [batch, segments, rows] },
  });
}

function graph(epsilon: number): OnnxGraph {
  return {
    inputs: [
      { name: "x", dims: ["b", "n", "h"] },
      { name: "members", dims: ["b", "s", "n"] },
    ],
    initializers: [{ name: "epsilon", dims: [], values: Float32Array.of(epsilon) }],
    nodes: [
      {
        opType: "ReduceMax",
        inputs: ["x"],
        outputs: ["shift"],
        attributes: { axes: [1], keepdims: 1 },
      },
      { opType: "Sub", inputs: ["x", "shift"], outputs: ["centred"] },
      { opType: "Exp", inputs: ["centred"], outputs: ["exps"] },
      { opType: "MatMul", inputs: ["members", "exps"], outputs: ["sums"] },
      { opType: "Add", inputs: ["sums", "epsilon"], outputs: ["kept"] },
      { opType: "Log", inputs: ["kept"], outputs: ["logs"] },
      { opType: "Add", inputs: ["logs", "shift"], outputs: [OUTPUT] },
    ],
    outputs: [{ name: OUTPUT, dims: ["b", "s", "h"] }],
  };
}
