import {
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  type OnnxValue,
  int64,
} from "./onnx-proto.js";

// Training graphs of a stack of residual depthwise-separable blocks over x [B, T, C]:
//   spread = depthwiseConv(h, depthwise, dilation); mixed = relu(spread @ kernel + bias);
//   h' = layerNorm(h + mixed; gamma, beta) (* mask)
// The forward graph returns the stack's output; the backward graph recomputes the forward (the
// same nodes, so the same numbers) and returns the input's and every parameter's gradient, so
// nothing but the output crosses into JS between the two passes.

/** What fixes a graph: one session per distinct config (B and T are symbolic). */
export interface ConvStackConfig {
  channels: number;
  taps: number;
  dilations: readonly number[];
  masked: boolean;
  epsilon: number;
}

/** The parameter inputs of block i, in the order the op passes (and receives gradients of) them. */
export const BLOCK_PARAMS = ["depthwise", "kernel", "bias", "gamma", "beta"] as const;

export function convStackKey(c: ConvStackConfig, pass: "forward" | "backward"): string {
  return `conv stack ${pass} C=${c.channels} K=${c.taps} dilations=${c.dilations.join(",")} masked=${c.masked} eps=${c.epsilon}`;
}

/** Nodes and constants being assembled into one graph. */
class Builder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private readonly constants = new Set<string>();

  node(opType: string, inputs: string[], output: string, attributes?: OnnxNode["attributes"]) {
    this.nodes.push({ opType, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
    return output;
  }

  /** An int64 constant, added once. */
  ints(name: string, values: number[]): string {
    if (!this.constants.has(name)) {
      this.constants.add(name);
      this.initializers.push(int64(name, values));
    }
    return name;
  }

  float(name: string, value: number): string {
    if (!this.constants.has(name)) {
      this.constants.add(name);
      this.initializers.push({ name, dims: [], values: Float32Array.of(value) });
    }
    return name;
  }
}

/** The K views `h[:, t + (j - half)·dilation]` of `h` (zeros outside), as value names. */
function shiftedViews(g: Builder, h: string, taps: number, dilation: number): string[] {
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

/** Σ_j views[j] · rows[j], in tap order. */
function weightedSum(g: Builder, views: string[], rows: string[], name: string): string {
  let sum = "";
  views.forEach((view, j) => {
    const term = g.node("Mul", [view, rows[j] as string], `${name}_term${j}`);
    sum = j === 0 ? term : g.node("Add", [sum, term], `${name}_sum${j}`);
  });
  return sum;
}

/** The rows of a [K, C] filter input as [1, C] values (optionally in reverse order). */
function filterRows(g: Builder, filter: string, taps: number, reversed: boolean): string[] {
  if (taps === 1) return [filter];
  const rows = Array.from({ length: taps }, (_, j) => `${filter}_row${j}`);
  if (!g.nodes.some((n) => n.outputs[0] === rows[0])) {
    g.nodes.push({ opType: "Split", inputs: [filter], outputs: rows, attributes: { axis: 0 } });
  }
  return reversed ? [...rows].reverse() : rows;
}

interface BlockValues {
  input: string;
  views: string[];
  spread: string;
  mixed: string;
  sum: string;
  mean: string;
  inverseStd: string;
  output: string;
}

function inputsOf(c: ConvStackConfig): OnnxValue[] {
  const inputs: OnnxValue[] = [{ name: "x", dims: ["b", "t", c.channels] }];
  if (c.masked) inputs.push({ name: "mask", dims: ["b", "t", 1] });
  c.dilations.forEach((_, i) => {
    inputs.push(
      { name: `depthwise${i}`, dims: [c.taps, c.channels] },
      { name: `kernel${i}`, dims: [c.channels, c.channels] },
      { name: `bias${i}`, dims: [c.channels] },
      { name: `gamma${i}`, dims: [c.channels] },
      { name: `beta${i}`, dims: [c.channels] },
    );
  });
  return inputs;
}

function forward(g: Builder, c: ConvStackConfig): BlockValues[] {
  const blocks: BlockValues[] = [];
  let h = "x";
  c.dilations.forEach((dilation, i) => {
    const views = shiftedViews(g, h, c.taps, dilation);
    const spread = weightedSum(
      g,
      views,
      filterRows(g, `depthwise${i}`, c.taps, false),
      `spread${i}`,
    );
    const product = g.node("MatMul", [spread, `kernel${i}`], `product${i}`);
    const biased = g.node("Add", [product, `bias${i}`], `biased${i}`);
    const mixed = g.node("Relu", [biased], `mixed${i}`);
    const sum = g.node("Add", [h, mixed], `sum${i}`);
    const normed = `normed${i}`;
    const mean = `mean${i}`;
    const inverseStd = `inverse_std${i}`;
    g.nodes.push({
      opType: "LayerNormalization",
      inputs: [sum, `gamma${i}`, `beta${i}`],
      outputs: [normed, mean, inverseStd],
      attributes: { axis: -1, epsilon: c.epsilon },
      floatAttributes: ["epsilon"],
    });
    const output = c.masked ? g.node("Mul", [normed, "mask"], `masked${i}`) : normed;
    blocks.push({ input: h, views, spread, mixed, sum, mean, inverseStd, output });
    h = output;
  });
  return blocks;
}

/** The stack's output `y` [B, T, C]. */
export function convStackForwardGraph(c: ConvStackConfig): OnnxGraph {
  const g = new Builder();
  const blocks = forward(g, c);
  const last = blocks[blocks.length - 1] as BlockValues;
  g.node("Identity", [last.output], "y");
  return {
    nodes: g.nodes,
    inputs: inputsOf(c),
    outputs: [{ name: "y", dims: ["b", "t", c.channels] }],
    initializers: g.initializers,
  };
}

/**
 * From `dy` [B, T, C] and the forward's inputs: `dx` and, per block i, `d_depthwise{i}` [K, C],
 * `d_kernel{i}` [C, C], `d_bias{i}`, `d_gamma{i}`, `d_beta{i}` [C].
 */
export function convStackBackwardGraph(c: ConvStackConfig): OnnxGraph {
  const g = new Builder();
  const blocks = forward(g, c);
  const batchTime = g.ints("batch_time_axes", [0, 1]);
  const lastAxis = { axes: [-1] };
  const rowsOf = g.ints("rows_shape", [-1, c.channels]);
  const zero = g.float("zero", 0);
  const outputs: OnnxValue[] = [];
  const sumOverRows = (value: string, name: string) =>
    g.node("ReduceSum", [value, batchTime], name, { keepdims: 0 });
  let dy = "dy";
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i] as BlockValues;
    const v = (name: string) => `${name}${i}_grad`;
    // output = layerNorm(sum) (* mask)
    const d = c.masked ? g.node("Mul", [dy, "mask"], v("d")) : dy;
    const centered = g.node("Sub", [b.sum, b.mean], v("centered"));
    const n = g.node("Mul", [centered, b.inverseStd], v("n"));
    const scaled = g.node("Mul", [d, `gamma${i}`], v("scaled"));
    const meanScaled = g.node("ReduceMean", [scaled], v("mean_scaled"), lastAxis);
    const scaledN = g.node("Mul", [scaled, n], v("scaled_n"));
    const meanScaledN = g.node("ReduceMean", [scaledN], v("mean_scaled_n"), lastAxis);
    const a = g.node("Sub", [scaled, meanScaled], v("a"));
    const nTerm = g.node("Mul", [n, meanScaledN], v("n_term"));
    const unscaled = g.node("Sub", [a, nTerm], v("unscaled"));
    const dSum = g.node("Mul", [unscaled, b.inverseStd], v("d_sum"));
    sumOverRows(g.node("Mul", [d, n], v("d_n")), `d_gamma${i}`);
    sumOverRows(d, `d_beta${i}`);
    // sum = input + relu(spread @ kernel + bias)
    const positive = g.node("Greater", [b.mixed, zero], v("positive"));
    const dBiased = g.node("Where", [positive, dSum, zero], v("d_biased"));
    sumOverRows(dBiased, `d_bias${i}`);
    const spreadRows = g.node("Reshape", [b.spread, rowsOf], v("spread_rows"));
    const dBiasedRows = g.node("Reshape", [dBiased, rowsOf], v("d_biased_rows"));
    const spreadT = g.node("Transpose", [spreadRows], v("spread_t"), { perm: [1, 0] });
    g.node("MatMul", [spreadT, dBiasedRows], `d_kernel${i}`);
    const kernelT = g.node("Transpose", [`kernel${i}`], v("kernel_t"), { perm: [1, 0] });
    const dSpread = g.node("MatMul", [dBiased, kernelT], v("d_spread"));
    // spread = Σ_j view_j(input) · depthwise[j]
    const rows: string[] = [];
    b.views.forEach((view, j) => {
      const product = g.node("Mul", [dSpread, view], v(`d_view${j}`));
      const row = sumOverRows(product, v(`d_depthwise_row${j}`));
      rows.push(g.node("Unsqueeze", [row, g.ints("first_axis", [0])], v(`d_depthwise_${j}`)));
    });
    if (rows.length === 1) g.node("Identity", rows, `d_depthwise${i}`);
    else
      g.nodes.push({
        opType: "Concat",
        inputs: rows,
        outputs: [`d_depthwise${i}`],
        attributes: { axis: 0 },
      });
    const through = weightedSum(
      g,
      shiftedViews(g, dSpread, c.taps, c.dilations[i] as number),
      filterRows(g, `depthwise${i}`, c.taps, true),
      v("d_conv"),
    );
    dy = g.node("Add", [dSum, through], i === 0 ? "dx" : v("d_input"));
    outputs.push(
      { name: `d_depthwise${i}`, dims: [c.taps, c.channels] },
      { name: `d_kernel${i}`, dims: [c.channels, c.channels] },
      { name: `d_bias${i}`, dims: [c.channels] },
      { name: `d_gamma${i}`, dims: [c.channels] },
      { name: `d_beta${i}`, dims: [c.channels] },
    );
  }
  return {
    nodes: g.nodes,
    inputs: [{ name: "dy", dims: ["b", "t", c.channels] }, ...inputsOf(c)],
    outputs: [{ name: "dx", dims: ["b", "t", c.channels] }, ...outputs],
    initializers: g.initializers,
  };
}
