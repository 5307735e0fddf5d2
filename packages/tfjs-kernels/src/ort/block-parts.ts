import type { GraphBuilder } from "./graph-builder.js";

// The forward parts of a residual depthwise-separable block, each written once and used by every
// graph that contains it: the inference stack, the training stack and the single-op training
// graphs. A part adds its nodes to a builder and names its values `<part><tag>`, so one graph can
// hold a part many times (tag "0", "1", … per block).

/** The K views `h[:, t + (j - half)·dilation]` of `h` [B, T, C] (zeros outside), as value names. */
export function shiftedViews(g: GraphBuilder, h: string, taps: number, dilation: number): string[] {
  const reach = ((taps - 1) / 2) * dilation;
  if (reach === 0) return [h];
  const padded = g.node(
    "Pad",
    [h, g.ints(`pads_${reach}`, [0, reach, 0, 0, reach, 0])],
    `${h}_padded`,
  );
  const views: string[] = [];
  for (let j = 0; j < taps; j++) {
    const start = j * dilation;
    if (start === reach) {
      views.push(h); // the centre tap reads h itself: no copy
      continue;
    }
    const end = start - 2 * reach; // counted back from the padded length T + 2·reach
    views.push(
      g.node(
        "Slice",
        [
          padded,
          g.ints(`start_${start}`, [start]),
          g.ints(`end_${end}`, [end === 0 ? 2 ** 40 : end]),
          g.ints("time_axis", [1]),
        ],
        `${h}_view${j}`,
      ),
    );
  }
  return views;
}

/** The rows of a [K, C] filter as [1, C] values (reversed: the convolution's transpose). */
export function filterRows(
  g: GraphBuilder,
  filter: string,
  taps: number,
  reversed: boolean,
): string[] {
  if (taps === 1) return [filter];
  const rows = Array.from({ length: taps }, (_, j) => `${filter}_row${j}`);
  if (!g.computes(rows[0] as string)) {
    g.add({ opType: "Split", inputs: [filter], outputs: rows, attributes: { axis: 0 } });
  }
  return reversed ? [...rows].reverse() : rows;
}

/** Σ_j views[j] · rows[j], products and sums in float32 in tap order (tfjs's order). */
export function weightedSum(g: GraphBuilder, views: string[], rows: string[], tag: string): string {
  let sum = "";
  views.forEach((view, j) => {
    const term = g.node("Mul", [view, rows[j] as string], `term${j}_${tag}`);
    sum = j === 0 ? term : g.node("Add", [sum, term], `sum${j}_${tag}`);
  });
  return sum;
}

/**
 * Depthwise conv of `h` [B, T, C] by `filter` [K, C] along T as a weighted sum of shifted views:
 * the training graphs' form, which sums as the tfjs-op reference does and keeps the views for the
 * filter gradient.
 */
export function depthwiseByViews(
  g: GraphBuilder,
  h: string,
  filter: string,
  taps: number,
  dilation: number,
  tag: string,
): { views: string[]; spread: string } {
  const views = shiftedViews(g, h, taps, dilation);
  const spread = weightedSum(g, views, filterRows(g, filter, taps, false), `spread${tag}`);
  return { views, spread };
}

/**
 * The same conv as one grouped Conv (one group per channel) on [B, C, T], with `filter` fed as
 * [C, 1, K]: the inference graph's form, faster than the views and equal to float32 rounding.
 */
export function depthwiseByGroupedConv(
  g: GraphBuilder,
  h: string,
  filter: string,
  shape: { channels: number; taps: number; dilation: number },
  tag: string,
): string {
  const { channels, taps, dilation } = shape;
  const reach = ((taps - 1) / 2) * dilation;
  const across = g.node("Transpose", [h], `across${tag}`, { perm: [0, 2, 1] });
  const spread = g.node("Conv", [across, filter], `conv${tag}`, {
    group: channels,
    kernel_shape: [taps],
    dilations: [dilation],
    pads: [reach, reach],
  });
  return g.node("Transpose", [spread], `spread${tag}`, { perm: [0, 2, 1] });
}

/** `relu(x @ kernel + bias)`: the block's pointwise layer, and the stack's input projection. */
export function denseRelu(
  g: GraphBuilder,
  x: string,
  kernel: string,
  bias: string,
  tag: string,
): string {
  const product = g.node("MatMul", [x, kernel], `product${tag}`);
  const biased = g.node("Add", [product, bias], `biased${tag}`);
  return g.node("Relu", [biased], `mixed${tag}`);
}

/** The values of {@link residualLayerNorm} that a backward pass reads. */
export interface ResidualLayerNormValues {
  /** x + residual */
  sum: string;
  /** Each row's mean and 1/std (absent unless `statistics` was asked for). */
  mean?: string;
  inverseStd?: string;
  /** layerNorm(sum) (· mask) */
  y: string;
}

/**
 * `layerNorm(x + residual; gamma, beta)` over the last axis, times `mask` when given; with
 * `statistics`, LayerNormalization also outputs each row's mean and 1/std for a backward pass.
 */
export function residualLayerNorm(
  g: GraphBuilder,
  v: {
    x: string;
    residual: string;
    gamma: string;
    beta: string;
    mask?: string;
    epsilon: number;
    statistics: boolean;
  },
  tag: string,
): ResidualLayerNormValues {
  const sum = g.node("Add", [v.x, v.residual], `sum${tag}`);
  const normed = `normed${tag}`;
  const statistics = v.statistics ? { mean: `mean${tag}`, inverseStd: `inverse_std${tag}` } : {};
  g.add({
    opType: "LayerNormalization",
    inputs: [sum, v.gamma, v.beta],
    outputs: [normed, ...Object.values(statistics)],
    attributes: { axis: -1, epsilon: v.epsilon },
    floatAttributes: ["epsilon"],
  });
  const y = v.mask ? g.node("Mul", [normed, v.mask], `masked${tag}`) : normed;
  return { sum, ...statistics, y };
}
