import type { OnnxGraph, OnnxInitializer, OnnxNode } from "./onnx-proto.js";
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
export function graphKey(c: MatMulGraphConfig): string {
  const alpha = c.activation === "leakyrelu" ? `:${c.leakyAlpha}` : "";
  return `matmul ${c.rankA}x${c.rankB} tA=${c.transposeA} tB=${c.transposeB} bias=${c.bias} ${c.activation}${alpha}`;
}

/**
 * `activation(op(a) @ op(b) + bias)` with symbolic sizes, so one session serves every shape of a
 * config. Transposes are Transpose nodes that onnxruntime folds into its MatMul (TransposeMatMul
 * fusion); the product is numpy-style batched, as tfjs's BatchMatMul with equal or unit batches.
 */
export function matMulGraph(c: MatMulGraphConfig): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  const dims = (prefix: string, rank: number) =>
    Array.from({ length: rank }, (_, i) => `${prefix}${i}`);
  const inputs = [
    { name: "a", dims: dims("a", c.rankA) },
    { name: "b", dims: dims("b", c.rankB) },
  ];
  const swapLast = (rank: number) => (rank === 2 ? [1, 0] : [0, 2, 1]);
  let a = "a";
  let b = "b";
  if (c.transposeA) {
    nodes.push({
      opType: "Transpose",
      inputs: [a],
      outputs: ["at"],
      attributes: { perm: swapLast(c.rankA) },
    });
    a = "at";
  }
  if (c.transposeB) {
    nodes.push({
      opType: "Transpose",
      inputs: [b],
      outputs: ["bt"],
      attributes: { perm: swapLast(c.rankB) },
    });
    b = "bt";
  }
  let current = "product";
  nodes.push({ opType: "MatMul", inputs: [a, b], outputs: [current] });
  const step = (opType: string, extra: string[], attrs?: Partial<OnnxNode>) => {
    const next = `${current}_${opType}`;
    nodes.push({ opType, inputs: [current, ...extra], outputs: [next], ...attrs });
    current = next;
  };
  if (c.bias) {
    inputs.push({ name: "bias", dims: ["n"] });
    step("Add", ["bias"]);
  }
  switch (c.activation) {
    case "relu":
      step("Relu", []);
      break;
    case "sigmoid":
      step("Sigmoid", []);
      break;
    case "elu":
      step("Elu", [], { attributes: { alpha: 1 }, floatAttributes: ["alpha"] });
      break;
    case "leakyrelu":
      step("LeakyRelu", [], { attributes: { alpha: c.leakyAlpha }, floatAttributes: ["alpha"] });
      break;
    case "relu6":
      initializers.push(
        { name: "zero", dims: [], values: Float32Array.of(0) },
        { name: "six", dims: [], values: Float32Array.of(6) },
      );
      step("Clip", ["zero", "six"]);
      break;
    case "prelu":
      inputs.push({ name: "alpha", dims: ["n"] });
      step("PRelu", ["alpha"]);
      break;
  }
  // Rename the last value to the fixed output name.
  (nodes[nodes.length - 1] as OnnxNode).outputs = [OUTPUT];
  const outRank = Math.max(c.rankA, c.rankB);
  return { nodes, inputs, outputs: [{ name: OUTPUT, dims: dims("y", outRank) }], initializers };
}
