import { type OnnxGraph, int64 } from "../ort/onnx-proto.js";
import { type OnnxRuntime, OUTPUT } from "../ort/runtime.js";
import type { ForwardPass, Shape } from "./segment-log-sum-exp.js";

/**
 * Below this many input values the host pass is cheaper than a native call (a sentence pooling of
 * 8 documents over 64-wide token states is ~200,000; a mention pooling ~10,000).
 */
export const MIN_GRAPH_ELEMENTS = 32_768;

/**
 * `segmentLogSumExp`'s forward pass as one onnxruntime graph: ReduceMax over the rows, Exp, a
 * batched MatMul by the [B, S, N] 0/1 segment matrix, Log, in float32 (the host pass keeps its
 * sums in float64; they agree to about 1e-7 relative). Inference fetches the pooled values only.
 */
export function pooledByGraph(
  runtime: OnnxRuntime,
  xs: Float32Array,
  ids: Int32Array,
  shape: Shape,
  epsilon: number,
): Float32Array {
  return runtime.run(
    forwardKey(epsilon),
    () => forwardGraph(epsilon),
    forwardFeeds(xs, ids, shape),
  );
}

/**
 * The same graph while a gradient is recorded: it also hands back what the backward pass reuses
 * (the shift, exp(x - shift) of every row and each segment's sum + epsilon).
 */
export function trainingPassByGraph(
  runtime: OnnxRuntime,
  xs: Float32Array,
  ids: Int32Array,
  shape: Shape,
  epsilon: number,
): ForwardPass {
  const outputs = runtime.runMany(
    forwardKey(epsilon),
    () => forwardGraph(epsilon),
    forwardFeeds(xs, ids, shape),
    { [OUTPUT]: null, shift: null, exps: null, kept: null },
  );
  return {
    out: outputs[OUTPUT] as Float32Array,
    shift: outputs.shift as Float32Array,
    exps: outputs.exps as Float32Array,
    denominators: outputs.kept as Float32Array,
  };
}

/**
 * The backward pass as one graph: d(sum) = dy / (sum + ε) spread to the member rows by a MatMul
 * with the [B, N, S] transposed segment matrix, times each row's exp; the shift's gradient
 * (Σ_s dy − Σ_n that row gradient) added where x equals the max, as tfjs's max gradient sends it.
 * Float32 throughout (the host pass sums the shift's gradient in float64).
 */
export function backwardByGraph(
  runtime: OnnxRuntime,
  dy: Float32Array,
  xs: Float32Array,
  ids: Int32Array,
  shape: Shape,
  pass: ForwardPass,
): Float32Array {
  const { batch, rows, width, segments } = shape;
  const membersT = new Float32Array(batch * rows * segments);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i] as number;
    if (s >= 0) membersT[i * segments + s] = 1;
  }
  const pooled = [batch, segments, width];
  return runtime.run("segment log-sum-exp backward", backwardGraph, {
    dy: { data: dy, dims: pooled },
    kept: { data: pass.denominators, dims: pooled },
    exps: { data: pass.exps, dims: [batch, rows, width] },
    x: { data: xs, dims: [batch, rows, width] },
    shift: { data: pass.shift, dims: [batch, 1, width] },
    members_t: { data: membersT, dims: [batch, rows, segments] },
  });
}

function forwardKey(epsilon: number): string {
  return `segment log-sum-exp eps=${epsilon}`;
}

function forwardFeeds(xs: Float32Array, ids: Int32Array, shape: Shape) {
  const { batch, rows, width, segments } = shape;
  const members = new Float32Array(batch * segments * rows);
  for (let b = 0; b < batch; b++) {
    for (let n = 0; n < rows; n++) {
      const s = ids[b * rows + n] as number;
      if (s >= 0) members[(b * segments + s) * rows + n] = 1;
    }
  }
  return {
    x: { data: xs, dims: [batch, rows, width] },
    members: { data: members, dims: [batch, segments, rows] },
  };
}

function forwardGraph(epsilon: number): OnnxGraph {
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
    outputs: [
      { name: OUTPUT, dims: ["b", "s", "h"] },
      { name: "shift", dims: ["b", 1, "h"] },
      { name: "exps", dims: ["b", "n", "h"] },
      { name: "kept", dims: ["b", "s", "h"] },
    ],
  };
}

function backwardGraph(): OnnxGraph {
  return {
    inputs: [
      { name: "dy", dims: ["b", "s", "h"] },
      { name: "kept", dims: ["b", "s", "h"] },
      { name: "exps", dims: ["b", "n", "h"] },
      { name: "x", dims: ["b", "n", "h"] },
      { name: "shift", dims: ["b", 1, "h"] },
      { name: "members_t", dims: ["b", "n", "s"] },
    ],
    initializers: [int64("rows_axis", [1]), { name: "zero", dims: [], values: Float32Array.of(0) }],
    nodes: [
      { opType: "Div", inputs: ["dy", "kept"], outputs: ["per_sum"] },
      { opType: "MatMul", inputs: ["members_t", "per_sum"], outputs: ["spread"] },
      { opType: "Mul", inputs: ["spread", "exps"], outputs: ["g"] },
      { opType: "ReduceSum", inputs: ["dy", "rows_axis"], outputs: ["dy_total"] },
      { opType: "ReduceSum", inputs: ["g", "rows_axis"], outputs: ["g_total"] },
      { opType: "Sub", inputs: ["dy_total", "g_total"], outputs: ["d_shift"] },
      { opType: "Equal", inputs: ["x", "shift"], outputs: ["at_max"] },
      { opType: "Where", inputs: ["at_max", "d_shift", "zero"], outputs: ["to_max"] },
      { opType: "Add", inputs: ["g", "to_max"], outputs: [OUTPUT] },
    ],
    outputs: [{ name: OUTPUT, dims: ["b", "n", "h"] }],
  };
}
