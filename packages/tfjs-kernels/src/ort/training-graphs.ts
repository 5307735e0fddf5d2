import {
  denseReluBackward,
  depthwiseFilterGrad,
  residualLayerNormBackward,
} from "./block-part-gradients.js";
import { filterRows, residualLayerNorm, shiftedViews, weightedSum } from "./block-parts.js";
import { GraphBuilder } from "./graph-builder.js";
import type { OnnxGraph } from "./onnx-proto.js";

// Graphs for the backward passes (and the forward passes whose statistics a backward pass
// reuses) of the fused training ops, built from the same parts as the conv stack's graphs.
// Sizes are symbolic, so one session serves every shape of a key; each graph replaces a host
// loop plus its fresh arrays with onnxruntime's vectorized, threaded kernels.

/** Tensors smaller than this stay in the host loops: an onnxruntime call costs ~20-30 µs. */
export const MIN_ORT_ELEMENTS = 4096;

/**
 * `denseRelu`'s backward for x [N, K], w [K, M], y = relu(x @ w + b) [N, M] and dy [N, M]:
 * g = dy where y > 0 else 0; dx = g wᵀ, dw = xᵀ g, db = column sums of g.
 */
export function denseReluBackwardGraph(): OnnxGraph {
  const g = new GraphBuilder();
  const dx = denseReluBackward(
    g,
    { dy: "dy", y: "y", x: "x", w: "w", rowAxes: [0] },
    { dw: "dw", db: "db" },
    "",
  );
  g.rename(dx, "dx");
  return g.graph(
    [
      { name: "dy", dims: ["n", "m"] },
      { name: "y", dims: ["n", "m"] },
      { name: "x", dims: ["n", "k"] },
      { name: "w", dims: ["k", "m"] },
    ],
    [
      { name: "dx", dims: ["n", "k"] },
      { name: "dw", dims: ["k", "m"] },
      { name: "db", dims: ["m"] },
    ],
  );
}

/**
 * `residualLayerNorm`'s forward over rows [N, C]: s = x + residual, y = layerNorm(s) (· mask
 * [N, 1] when `masked`), and each row's mean and 1/std [N, 1] for the backward pass.
 */
export function residualLayerNormGraph(masked: boolean, epsilon: number): OnnxGraph {
  const g = new GraphBuilder();
  const v = residualLayerNorm(
    g,
    {
      x: "x",
      residual: "residual",
      gamma: "gamma",
      beta: "beta",
      ...(masked ? { mask: "mask" } : {}),
      epsilon,
      statistics: true,
    },
    "",
  );
  g.rename(v.y, "y");
  g.rename(v.mean as string, "mean");
  g.rename(v.inverseStd as string, "inverse_std");
  return g.graph(
    [
      { name: "x", dims: ["n", "c"] },
      { name: "residual", dims: ["n", "c"] },
      { name: "gamma", dims: ["c"] },
      { name: "beta", dims: ["c"] },
      ...(masked ? [{ name: "mask", dims: ["n", 1] }] : []),
    ],
    [
      { name: "y", dims: ["n", "c"] },
      { name: "mean", dims: ["n", 1] },
      { name: "inverse_std", dims: ["n", 1] },
    ],
  );
}

/**
 * `residualLayerNorm`'s backward from the forward's inputs and statistics: dx (= d residual),
 * d_gamma and d_beta, as the conv stack's backward computes them.
 */
export function residualLayerNormBackwardGraph(masked: boolean): OnnxGraph {
  const g = new GraphBuilder();
  const sum = g.node("Add", ["x", "residual"], "s");
  const dx = residualLayerNormBackward(
    g,
    {
      dy: "dy",
      sum,
      mean: "mean",
      inverseStd: "inverse_std",
      gamma: "gamma",
      ...(masked ? { mask: "mask" } : {}),
      rowAxes: [0],
    },
    { dGamma: "d_gamma", dBeta: "d_beta" },
    "",
  );
  g.rename(dx, "dx");
  return g.graph(
    [
      { name: "dy", dims: ["n", "c"] },
      { name: "x", dims: ["n", "c"] },
      { name: "residual", dims: ["n", "c"] },
      { name: "mean", dims: ["n", 1] },
      { name: "inverse_std", dims: ["n", 1] },
      { name: "gamma", dims: ["c"] },
      ...(masked ? [{ name: "mask", dims: ["n", 1] }] : []),
    ],
    [
      { name: "dx", dims: ["n", "c"] },
      { name: "d_gamma", dims: ["c"] },
      { name: "d_beta", dims: ["c"] },
    ],
  );
}

/**
 * Depthwise conv of x [B, T, C] with w [K, C] along T (dilated, zeros outside):
 * `y = Σ_j view_j(x) · w[j]`, products and sums in float32 in tap order, as the tfjs-op
 * reference computes it. With the taps reversed it is also the input gradient.
 */
export function depthwiseConvGraph(taps: number, dilation: number): OnnxGraph {
  const g = new GraphBuilder();
  const views = shiftedViews(g, "x", taps, dilation);
  g.rename(weightedSum(g, views, filterRows(g, "w", taps, false), "y"), "y");
  return g.graph(
    [
      { name: "x", dims: ["b", "t", "c"] },
      { name: "w", dims: [taps, "c"] },
    ],
    [{ name: "y", dims: ["b", "t", "c"] }],
  );
}

/** The filter gradient of {@link depthwiseConvGraph}: `dw[j] = Σ_{b,t} dy · view_j(x)`, [K, C]. */
export function depthwiseFilterGradGraph(taps: number, dilation: number): OnnxGraph {
  const g = new GraphBuilder();
  depthwiseFilterGrad(g, "dy", shiftedViews(g, "x", taps, dilation), "dw", "");
  return g.graph(
    [
      { name: "dy", dims: ["b", "t", "c"] },
      { name: "x", dims: ["b", "t", "c"] },
    ],
    [{ name: "dw", dims: [taps, "c"] }],
  );
}
