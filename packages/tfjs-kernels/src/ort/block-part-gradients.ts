import type { GraphBuilder } from "./graph-builder.js";

// The backward parts of block-parts.ts, each written once for the training stack's backward graph
// and the single-op backward graphs. `rowAxes` are the axes a parameter gradient sums over: [0]
// for rows [N, C], [0, 1] for [B, T, C]. Values are named `<part><tag>`; the gradients a graph
// returns get the names the caller passes.

function sumOverRows(g: GraphBuilder, value: string, rowAxes: number[], name: string): string {
  const axes = g.ints(`axes_${rowAxes.join("_")}`, rowAxes);
  return g.node("ReduceSum", [value, axes], name, { keepdims: 0 });
}

/**
 * Backward of `y = layerNorm(sum) (· mask)` from the forward's row statistics: with
 * d = dy (· mask), n = (sum - mean) · inverseStd and s = d · gamma,
 * dSum = inverseStd · (s - mean(s) - n · mean(s · n)), dGamma = Σ_rows d · n, dBeta = Σ_rows d.
 */
export function residualLayerNormBackward(
  g: GraphBuilder,
  v: {
    dy: string;
    sum: string;
    mean: string;
    inverseStd: string;
    gamma: string;
    mask?: string;
    rowAxes: number[];
  },
  names: { dGamma: string; dBeta: string },
  tag: string,
): string {
  const d = v.mask ? g.node("Mul", [v.dy, v.mask], `d${tag}`) : v.dy;
  const lastAxis = { axes: [-1] };
  const centered = g.node("Sub", [v.sum, v.mean], `centered${tag}`);
  const n = g.node("Mul", [centered, v.inverseStd], `n${tag}`);
  const scaled = g.node("Mul", [d, v.gamma], `scaled${tag}`);
  const meanScaled = g.node("ReduceMean", [scaled], `mean_scaled${tag}`, lastAxis);
  const scaledN = g.node("Mul", [scaled, n], `scaled_n${tag}`);
  const meanScaledN = g.node("ReduceMean", [scaledN], `mean_scaled_n${tag}`, lastAxis);
  const a = g.node("Sub", [scaled, meanScaled], `a${tag}`);
  const nTerm = g.node("Mul", [n, meanScaledN], `n_term${tag}`);
  const unscaled = g.node("Sub", [a, nTerm], `unscaled${tag}`);
  const dSum = g.node("Mul", [unscaled, v.inverseStd], `d_sum${tag}`);
  sumOverRows(g, g.node("Mul", [d, n], `d_n${tag}`), v.rowAxes, names.dGamma);
  sumOverRows(g, d, v.rowAxes, names.dBeta);
  return dSum;
}

/**
 * Backward of `y = relu(x @ w + b)` from `y`: db = Σ_rows dBiased, dw = xᵀ dBiased (x and
 * dBiased flattened to rows when `rowsShape` is given), dx = dBiased wᵀ, where dBiased = dy
 * where y > 0, else 0. Returns dx.
 */
export function denseReluBackward(
  g: GraphBuilder,
  v: { dy: string; y: string; x: string; w: string; rowAxes: number[]; rowsShape?: number[] },
  names: { dw: string; db: string },
  tag: string,
): string {
  const zero = g.float("zero", 0);
  const positive = g.node("Greater", [v.y, zero], `positive${tag}`);
  const dBiased = g.node("Where", [positive, v.dy, zero], `d_biased${tag}`);
  sumOverRows(g, dBiased, v.rowAxes, names.db);
  let x = v.x;
  let dRows = dBiased;
  if (v.rowsShape) {
    const shape = g.ints(`rows_shape_${v.rowsShape.join("_")}`, v.rowsShape);
    x = g.node("Reshape", [x, shape], `x_rows${tag}`);
    dRows = g.node("Reshape", [dBiased, shape], `d_biased_rows${tag}`);
  }
  const xT = g.node("Transpose", [x], `x_t${tag}`, { perm: [1, 0] });
  g.node("MatMul", [xT, dRows], names.dw);
  const wT = g.node("Transpose", [v.w], `w_t${tag}`, { perm: [1, 0] });
  return g.node("MatMul", [dBiased, wT], `d_x${tag}`);
}

/** A depthwise conv's filter gradient: row j = Σ_{b,t} dy · views[j], stacked to [K, C]. */
export function depthwiseFilterGrad(
  g: GraphBuilder,
  dy: string,
  views: string[],
  name: string,
  tag: string,
): string {
  const rows = views.map((view, j) => {
    const product = g.node("Mul", [dy, view], `d_view${j}${tag}`);
    const row = sumOverRows(g, product, [0, 1], `d_filter_row${j}${tag}`);
    return g.node("Unsqueeze", [row, g.ints("axes_0", [0])], `d_filter${j}${tag}`);
  });
  if (rows.length === 1) return g.node("Identity", rows, name);
  return g.node("Concat", rows, name, { axis: 0 });
}
