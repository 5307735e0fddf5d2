import { type OnnxGraph, type OnnxNode, int64 } from "./onnx-proto.js";

// Graphs for the backward passes (and the forward passes whose statistics a backward pass
// reuses) of the fused training ops. Sizes are symbolic, so one session serves every shape of a
// key; each graph replaces a host loop plus its fresh arrays with onnxruntime's vectorized,
// threaded kernels.

/** Tensors smaller than this stay in the host loops: an onnxruntime call costs ~20-30 µs. */
export const MIN_ORT_ELEMENTS = 4096;

const ZERO = { name: "zero", dims: [], values: Float32Array.of(0) };
const FIRST_AXIS = int64("first_axis", [0]);

/**
 * `denseRelu`'s backward for x [N, K], w [K, M], y = relu(x @ w + b) [N, M] and dy [N, M]:
 * g = dy where y > 0 else 0; dx = g wᵀ, dw = xᵀ g, db = column sums of g.
 */
export function denseReluBackwardGraph(): OnnxGraph {
  return {
    nodes: [
      { opType: "Greater", inputs: ["y", "zero"], outputs: ["positive"] },
      { opType: "Where", inputs: ["positive", "dy", "zero"], outputs: ["g"] },
      { opType: "Transpose", inputs: ["w"], outputs: ["wt"], attributes: { perm: [1, 0] } },
      { opType: "MatMul", inputs: ["g", "wt"], outputs: ["dx"] },
      { opType: "Transpose", inputs: ["x"], outputs: ["xt"], attributes: { perm: [1, 0] } },
      { opType: "MatMul", inputs: ["xt", "g"], outputs: ["dw"] },
      {
        opType: "ReduceSum",
        inputs: ["g", "first_axis"],
        outputs: ["db"],
        attributes: { keepdims: 0 },
      },
    ],
    inputs: [
      { name: "dy", dims: ["n", "m"] },
      { name: "y", dims: ["n", "m"] },
      { name: "x", dims: ["n", "k"] },
      { name: "w", dims: ["k", "m"] },
    ],
    outputs: [
      { name: "dx", dims: ["n", "k"] },
      { name: "dw", dims: ["k", "m"] },
      { name: "db", dims: ["m"] },
    ],
    initializers: [FIRST_AXIS, ZERO],
  };
}

/**
 * `residualLayerNorm`'s forward over rows [N, C]: s = x + residual, y = layerNorm(s) (· mask
 * [N, 1] when `masked`), and each row's mean and 1/std [N, 1] for the backward pass.
 */
export function residualLayerNormGraph(masked: boolean, epsilon: number): OnnxGraph {
  const nodes: OnnxNode[] = [
    { opType: "Add", inputs: ["x", "residual"], outputs: ["s"] },
    {
      opType: "LayerNormalization",
      inputs: ["s", "gamma", "beta"],
      outputs: [masked ? "normed" : "y", "mean", "inverse_std"],
      attributes: { axis: -1, epsilon },
      floatAttributes: ["epsilon"],
    },
  ];
  if (masked) nodes.push({ opType: "Mul", inputs: ["normed", "mask"], outputs: ["y"] });
  return {
    nodes,
    inputs: [
      { name: "x", dims: ["n", "c"] },
      { name: "residual", dims: ["n", "c"] },
      { name: "gamma", dims: ["c"] },
      { name: "beta", dims: ["c"] },
      ...(masked ? [{ name: "mask", dims: ["n", 1] }] : []),
    ],
    outputs: [
      { name: "y", dims: ["n", "c"] },
      { name: "mean", dims: ["n", 1] },
      { name: "inverse_std", dims: ["n", 1] },
    ],
  };
}

/**
 * `residualLayerNorm`'s backward from the forward's inputs and statistics: with d = dy (· mask),
 * n = (x + residual - mean) · inverse_std and g = d · gamma per row,
 * dx = inverse_std · (g - mean(g) - n · mean(g · n)), dGamma = Σ_rows d · n, dBeta = Σ_rows d.
 */
export function residualLayerNormBackwardGraph(masked: boolean): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const node = (opType: string, inputs: string[], output: string, extra?: Partial<OnnxNode>) =>
    nodes.push({ opType, inputs, outputs: [output], ...extra });
  const lastAxis = { attributes: { axes: [-1] } };
  if (masked) node("Mul", ["dy", "mask"], "d");
  const d = masked ? "d" : "dy";
  node("Add", ["x", "residual"], "s");
  node("Sub", ["s", "mean"], "centered");
  node("Mul", ["centered", "inverse_std"], "n");
  node("Mul", [d, "gamma"], "g");
  node("ReduceMean", ["g"], "mean_g", lastAxis);
  node("Mul", ["g", "n"], "gn");
  node("ReduceMean", ["gn"], "mean_gn", lastAxis);
  node("Sub", ["g", "mean_g"], "g_centered");
  node("Mul", ["n", "mean_gn"], "n_scaled");
  node("Sub", ["g_centered", "n_scaled"], "dx_unscaled");
  node("Mul", ["dx_unscaled", "inverse_std"], "dx");
  node("Mul", [d, "n"], "dn");
  node("ReduceSum", ["dn", "first_axis"], "d_gamma", { attributes: { keepdims: 0 } });
  node("ReduceSum", [d, "first_axis"], "d_beta", { attributes: { keepdims: 0 } });
  return {
    nodes,
    inputs: [
      { name: "dy", dims: ["n", "c"] },
      { name: "x", dims: ["n", "c"] },
      { name: "residual", dims: ["n", "c"] },
      { name: "mean", dims: ["n", 1] },
      { name: "inverse_std", dims: ["n", 1] },
      { name: "gamma", dims: ["c"] },
      ...(masked ? [{ name: "mask", dims: ["n", 1] }] : []),
    ],
    outputs: [
      { name: "dx", dims: ["n", "c"] },
      { name: "d_gamma", dims: ["c"] },
      { name: "d_beta", dims: ["c"] },
    ],
    initializers: [FIRST_AXIS],
  };
}

/**
 * The zero-padded input of a depthwise conv along T of x [B, T, C] and its K shifted views:
 * view j is `x[:, t + (j - half)·dilation]`, each [B, T, C]. Node outputs `view0`…`view{K-1}`.
 */
function shiftedViews(
  input: string,
  taps: number,
  dilation: number,
): { nodes: OnnxNode[]; initializers: OnnxGraph["initializers"] } {
  const reach = ((taps - 1) / 2) * dilation;
  const nodes: OnnxNode[] = [{ opType: "Pad", inputs: [input, "pads"], outputs: ["padded"] }];
  const initializers = [int64("pads", [0, reach, 0, 0, reach, 0]), int64("time_axis", [1])];
  for (let j = 0; j < taps; j++) {
    // padded[:, j·dilation : j·dilation + T]; the end counts back from padded's T + 2·reach
    const start = j * dilation;
    const end = start - 2 * reach;
    initializers.push(int64(`start${j}`, [start]), int64(`end${j}`, [end === 0 ? 2 ** 40 : end]));
    nodes.push({
      opType: "Slice",
      inputs: ["padded", `start${j}`, `end${j}`, "time_axis"],
      outputs: [`view${j}`],
    });
  }
  return { nodes, initializers };
}

/**
 * Depthwise conv of x [B, T, C] with w [K, C] along T (dilated, zeros outside):
 * `y = Σ_j view_j(x) · w[j]`, products and sums in float32 in tap order, as the tfjs-op
 * reference computes it. With the taps reversed it is also the input gradient.
 */
export function depthwiseConvGraph(taps: number, dilation: number): OnnxGraph {
  const { nodes, initializers } = shiftedViews("x", taps, dilation);
  const split = Array.from({ length: taps }, (_, j) => `w${j}`);
  nodes.push({ opType: "Split", inputs: ["w"], outputs: split, attributes: { axis: 0 } });
  const terms: string[] = [];
  for (let j = 0; j < taps; j++) {
    nodes.push({ opType: "Mul", inputs: [`view${j}`, `w${j}`], outputs: [`term${j}`] });
    terms.push(`term${j}`);
  }
  let sum = terms[0] as string;
  for (let j = 1; j < taps; j++) {
    const next = j === taps - 1 ? "y" : `sum${j}`;
    nodes.push({ opType: "Add", inputs: [sum, `term${j}`], outputs: [next] });
    sum = next;
  }
  if (taps === 1) nodes.push({ opType: "Identity", inputs: [sum], outputs: ["y"] });
  return {
    nodes,
    inputs: [
      { name: "x", dims: ["b", "t", "c"] },
      { name: "w", dims: [taps, "c"] },
    ],
    outputs: [{ name: "y", dims: ["b", "t", "c"] }],
    initializers,
  };
}

/** The filter gradient of {@link depthwiseConvGraph}: `dw[j] = Σ_{b,t} dy · view_j(x)`, [K, C]. */
export function depthwiseFilterGradGraph(taps: number, dilation: number): OnnxGraph {
  const { nodes, initializers = [] } = shiftedViews("x", taps, dilation);
  initializers.push(int64("batch_time_axes", [0, 1]));
  const rows: string[] = [];
  for (let j = 0; j < taps; j++) {
    nodes.push({ opType: "Mul", inputs: ["dy", `view${j}`], outputs: [`product${j}`] });
    nodes.push({
      opType: "ReduceSum",
      inputs: [`product${j}`, "batch_time_axes"],
      outputs: [`row${j}`],
      attributes: { keepdims: 0 },
    });
    nodes.push({ opType: "Unsqueeze", inputs: [`row${j}`, "first_axis"], outputs: [`dw${j}`] });
    rows.push(`dw${j}`);
  }
  initializers.push(FIRST_AXIS);
  nodes.push({ opType: "Concat", inputs: rows, outputs: ["dw"], attributes: { axis: 0 } });
  return {
    nodes,
    inputs: [
      { name: "dy", dims: ["b", "t", "c"] },
      { name: "x", dims: ["b", "t", "c"] },
    ],
    outputs: [{ name: "dw", dims: [taps, "c"] }],
    initializers,
  };
}
