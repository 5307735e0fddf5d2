import {
  denseReluBackward,
  depthwiseFilterGrad,
  residualLayerNormBackward,
} from "./block-part-gradients.js";
import {
  type ResidualLayerNormValues,
  denseRelu,
  depthwiseByGroupedConv,
  depthwiseByViews,
  filterRows,
  residualLayerNorm,
  shiftedViews,
  weightedSum,
} from "./block-parts.js";
import { GraphBuilder } from "./graph-builder.js";
import type { OnnxGraph, OnnxValue } from "./onnx-proto.js";
import { type DenseArray, OUTPUT } from "./runtime.js";

// Graphs of a stack of residual depthwise-separable blocks over x [B, T, C]:
//   spread = depthwiseConv(h, depthwise, dilation); mixed = relu(spread @ kernel + bias);
//   h' = layerNorm(h + mixed; gamma, beta) (* mask)
// Inference runs the whole stack as one graph (depthwise as a grouped Conv). Training runs two:
// the forward, and a backward that recomputes the forward (the same nodes, so the same numbers)
// and returns the input's and every parameter's gradient, so nothing but the output crosses
// into JS between the two passes (depthwise as shifted views, in the tfjs ops' summation order).

/** What fixes a graph: one session per distinct config (B and T are symbolic). */
export interface ConvStackConfig {
  channels: number;
  taps: number;
  dilations: readonly number[];
  masked: boolean;
  epsilon: number;
}

/** The inference graph's config: a dense input projection [E, C] may come first. */
export interface ConvStackInferenceConfig extends ConvStackConfig {
  /** The input width E when a projection [E, C] comes first, else null. */
  projectedFrom: number | null;
}

/** The parameter inputs of block i, in the order the op passes (and receives gradients of) them. */
export const BLOCK_PARAMS = ["depthwise", "kernel", "bias", "gamma", "beta"] as const;
type BlockParam = (typeof BLOCK_PARAMS)[number];

/** How a graph takes the depthwise filters: [K, C] (shifted views) or [C, 1, K] (grouped Conv). */
type DepthwiseLayout = "taps" | "grouped-conv";

/** The dims of a block parameter (and of its gradient) in a graph. */
function paramDims(c: ConvStackConfig, name: BlockParam, layout: DepthwiseLayout): number[] {
  if (name === "depthwise") {
    return layout === "taps" ? [c.taps, c.channels] : [c.channels, 1, c.taps];
  }
  return name === "kernel" ? [c.channels, c.channels] : [c.channels];
}

/** The backward graph's output holding the gradient of block i's parameter `name`. */
export function convStackGradName(name: BlockParam, i: number): string {
  return `d_${name}${i}`;
}

export function convStackKey(c: ConvStackConfig, pass: "forward" | "backward"): string {
  return `conv stack ${pass} C=${c.channels} K=${c.taps} dilations=${c.dilations.join(",")} masked=${c.masked} eps=${c.epsilon}`;
}

export function convStackInferenceKey(c: ConvStackInferenceConfig): string {
  return `residual conv stack C=${c.channels} K=${c.taps} dilations=${c.dilations.join(",")} masked=${c.masked} eps=${c.epsilon} from=${c.projectedFrom}`;
}

/**
 * A conv-stack graph's feeds: `x` [B, T, width], the mask [B, T, 1] when the config is masked,
 * and every block's parameters from `params` (block after block, each in BLOCK_PARAMS order).
 * Depthwise filters come as [K, C]; the inference graph's grouped Conv takes them as [C, 1, K].
 */
export function convStackFeeds(
  c: ConvStackConfig,
  x: DenseArray,
  mask: Float32Array | null,
  params: readonly Float32Array[],
  depthwiseLayout: DepthwiseLayout,
): Record<string, DenseArray> {
  const [batch, time] = x.dims as [number, number, number];
  const feeds: Record<string, DenseArray> = { x };
  if (c.masked) feeds.mask = { data: mask as Float32Array, dims: [batch, time, 1] };
  params.forEach((values, k) => {
    const name = BLOCK_PARAMS[k % BLOCK_PARAMS.length] as BlockParam;
    const data =
      name === "depthwise" && depthwiseLayout === "grouped-conv"
        ? channelsFirst(values, c.taps, c.channels)
        : values;
    feeds[`${name}${Math.floor(k / BLOCK_PARAMS.length)}`] = {
      data,
      dims: paramDims(c, name, depthwiseLayout),
    };
  });
  return feeds;
}

/** [K, C] taps to onnx Conv's grouped weight layout [C, 1, K]. */
function channelsFirst(w: Float32Array, taps: number, channels: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let j = 0; j < taps; j++) {
    for (let c = 0; c < channels; c++) out[c * taps + j] = w[j * channels + c] as number;
  }
  return out;
}

/** Block i after its depthwise conv: the pointwise layer and the residual layer norm. */
function blockTail(
  g: GraphBuilder,
  c: ConvStackConfig,
  i: number,
  input: string,
  spread: string,
  statistics: boolean,
): ResidualLayerNormValues & { mixed: string } {
  const mixed = denseRelu(g, spread, `kernel${i}`, `bias${i}`, `${i}`);
  const normed = residualLayerNorm(
    g,
    {
      x: input,
      residual: mixed,
      gamma: `gamma${i}`,
      beta: `beta${i}`,
      ...(c.masked ? { mask: "mask" } : {}),
      epsilon: c.epsilon,
      statistics,
    },
    `${i}`,
  );
  return { mixed, ...normed };
}

/** x, the mask, then each block's five parameters. */
function inputsOf(c: ConvStackConfig, width: number, layout: DepthwiseLayout): OnnxValue[] {
  const inputs: OnnxValue[] = [{ name: "x", dims: ["b", "t", width] }];
  if (c.masked) inputs.push({ name: "mask", dims: ["b", "t", 1] });
  c.dilations.forEach((_, i) => {
    for (const name of BLOCK_PARAMS)
      inputs.push({ name: `${name}${i}`, dims: paramDims(c, name, layout) });
  });
  return inputs;
}

/**
 * The inference stack, output `OUTPUT` [B, T, C]: optionally `relu(x @ projectionKernel +
 * projectionBias)` (· mask) first, then per block a grouped Conv (its `depthwise{i}` fed as
 * [C, 1, K]) and the block tail.
 */
export function convStackInferenceGraph(c: ConvStackInferenceConfig): OnnxGraph {
  const g = new GraphBuilder();
  const inputs = inputsOf(c, c.projectedFrom ?? c.channels, "grouped-conv");
  let h = "x";
  if (c.projectedFrom !== null) {
    inputs.push(
      { name: "projectionKernel", dims: [c.projectedFrom, c.channels] },
      { name: "projectionBias", dims: [c.channels] },
    );
    h = denseRelu(g, h, "projectionKernel", "projectionBias", "_projection");
    if (c.masked) h = g.node("Mul", [h, "mask"], "projection_masked");
  }
  c.dilations.forEach((dilation, i) => {
    const shape = { channels: c.channels, taps: c.taps, dilation };
    const spread = depthwiseByGroupedConv(g, h, `depthwise${i}`, shape, `${i}`);
    h = blockTail(g, c, i, h, spread, false).y;
  });
  g.rename(h, OUTPUT);
  return g.graph(inputs, [{ name: OUTPUT, dims: ["b", "t", c.channels] }]);
}

interface TrainingBlockValues extends ResidualLayerNormValues {
  input: string;
  views: string[];
  spread: string;
  mixed: string;
}

function trainingForward(g: GraphBuilder, c: ConvStackConfig): TrainingBlockValues[] {
  const blocks: TrainingBlockValues[] = [];
  let h = "x";
  c.dilations.forEach((dilation, i) => {
    const { views, spread } = depthwiseByViews(g, h, `depthwise${i}`, c.taps, dilation, `${i}`);
    const tail = blockTail(g, c, i, h, spread, true);
    blocks.push({ input: h, views, spread, ...tail });
    h = tail.y;
  });
  return blocks;
}

/** The training stack's output `y` [B, T, C] (depthwise filters fed as [K, C]). */
export function convStackForwardGraph(c: ConvStackConfig): OnnxGraph {
  const g = new GraphBuilder();
  const blocks = trainingForward(g, c);
  g.rename((blocks[blocks.length - 1] as TrainingBlockValues).y, "y");
  return g.graph(inputsOf(c, c.channels, "taps"), [{ name: "y", dims: ["b", "t", c.channels] }]);
}

/**
 * From `dy` [B, T, C] and the forward's inputs: `dx` and, per block i, `d_depthwise{i}` [K, C],
 * `d_kernel{i}` [C, C], `d_bias{i}`, `d_gamma{i}`, `d_beta{i}` [C].
 */
export function convStackBackwardGraph(c: ConvStackConfig): OnnxGraph {
  const g = new GraphBuilder();
  const blocks = trainingForward(g, c);
  const outputs: OnnxValue[] = [];
  const rowAxes = [0, 1];
  let dy = "dy";
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i] as TrainingBlockValues;
    const tag = `${i}_grad`;
    const dSum = residualLayerNormBackward(
      g,
      {
        dy,
        sum: b.sum,
        mean: b.mean as string,
        inverseStd: b.inverseStd as string,
        gamma: `gamma${i}`,
        ...(c.masked ? { mask: "mask" } : {}),
        rowAxes,
      },
      { dGamma: convStackGradName("gamma", i), dBeta: convStackGradName("beta", i) },
      tag,
    );
    const dSpread = denseReluBackward(
      g,
      { dy: dSum, y: b.mixed, x: b.spread, w: `kernel${i}`, rowAxes, rowsShape: [-1, c.channels] },
      { dw: convStackGradName("kernel", i), db: convStackGradName("bias", i) },
      tag,
    );
    depthwiseFilterGrad(g, dSpread, b.views, convStackGradName("depthwise", i), tag);
    // the conv's input gradient: the same conv of dSpread with the taps reversed
    const through = weightedSum(
      g,
      shiftedViews(g, dSpread, c.taps, c.dilations[i] as number),
      filterRows(g, `depthwise${i}`, c.taps, true),
      `d_conv${tag}`,
    );
    dy = g.node("Add", [dSum, through], i === 0 ? "dx" : `d_input${tag}`);
    for (const name of BLOCK_PARAMS) {
      outputs.push({ name: convStackGradName(name, i), dims: paramDims(c, name, "taps") });
    }
  }
  return g.graph(
    [{ name: "dy", dims: ["b", "t", c.channels] }, ...inputsOf(c, c.channels, "taps")],
    [{ name: "dx", dims: ["b", "t", c.channels] }, ...outputs],
  );
}
