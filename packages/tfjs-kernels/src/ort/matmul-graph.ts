import { GraphBuilder } from "./graph-builder.js";
import type { OnnxGraph, OnnxValue } from "./onnx-proto.js";
import { OUTPUT } from "./runtime.js";

/** tfjs fused activations that the graph can apply itself. */
export const GRAPH_ACTIVATIONS = [
  "linear",
  "relu",
  "relu6",
  "elu",
  "sigmoid",
  "leakyrelu",
  "prelu",
];

/** One graph shape: ranks of the fed operands, transposes and the fused epilogue. */
export interface MatMulGraphConfig {
  rankA: 2 | 3;
  rankB: 2 | 3;
  transposeA: boolean;
  transposeB: boolean;
  /** A bias of one value per output column (or one value), added after the product. */
  bias: boolean;
  activation: string;
  /** LeakyRelu's slope (baked into the graph). */
  leakyAlpha: number;
}

/** Cache key of a config: one onnxruntime session per distinct key. */
export function matMulGraphKey(c: MatMulGraphConfig): string {
  const alpha = c.activation === "leakyrelu" ? `:${c.leakyAlpha}` : "";
  return `matmul ${c.rankA}x${c.rankB} tA=${c.transposeA} tB=${c.transposeB} bias=${c.bias} ${c.activation}${alpha}`;
}

/**
 * `activation(op(a) @ op(b) + bias)` with symbolic sizes, so one session serves every shape of a
 * config. Transposes are Transpose nodes that onnxruntime folds into its MatMul (TransposeMatMul
 * fusion); the product is numpy-style batched, as tfjs's BatchMatMul with equal or unit batches.
 */
export function matMulGraph(c: MatMulGraphConfig): OnnxGraph {
  const g = new GraphBuilder();
  const dims = (prefix: string, rank: number) =>
    Array.from({ length: rank }, (_, i) => `${prefix}${i}`);
  const inputs: OnnxValue[] = [
    { name: "a", dims: dims("a", c.rankA) },
    { name: "b", dims: dims("b", c.rankB) },
  ];
  const swapLast = (rank: number) => ({ perm: rank === 2 ? [1, 0] : [0, 2, 1] });
  const a = c.transposeA ? g.node("Transpose", ["a"], "at", swapLast(c.rankA)) : "a";
  const b = c.transposeB ? g.node("Transpose", ["b"], "bt", swapLast(c.rankB)) : "b";
  let y = g.node("MatMul", [a, b], "product");
  if (c.bias) {
    inputs.push({ name: "bias", dims: ["n"] });
    y = g.node("Add", [y, "bias"], "biased");
  }
  const alpha = (value: number) => ({ attributes: { alpha: value }, floatAttributes: ["alpha"] });
  switch (c.activation) {
    case "relu":
      y = g.node("Relu", [y], "activated");
      break;
    case "sigmoid":
      y = g.node("Sigmoid", [y], "activated");
      break;
    case "elu":
      g.add({ opType: "Elu", inputs: [y], outputs: ["activated"], ...alpha(1) });
      y = "activated";
      break;
    case "leakyrelu":
      g.add({ opType: "LeakyRelu", inputs: [y], outputs: ["activated"], ...alpha(c.leakyAlpha) });
      y = "activated";
      break;
    case "relu6":
      y = g.node("Clip", [y, g.float("zero", 0), g.float("six", 6)], "activated");
      break;
    case "prelu":
      inputs.push({ name: "alpha", dims: ["n"] });
      y = g.node("PRelu", [y, "alpha"], "activated");
      break;
  }
  g.rename(y, OUTPUT);
  return g.graph(inputs, [{ name: OUTPUT, dims: dims("y", Math.max(c.rankA, c.rankB)) }]);
}
