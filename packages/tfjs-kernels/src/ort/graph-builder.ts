import {
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  type OnnxValue,
  int64,
} from "./onnx-proto.js";

/**
 * Nodes and constants being assembled into one graph. Constants are named by their values
 * (`ints("axes_0", [0])`), so parts that ask for the same one share it.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private readonly constants = new Set<string>();

  /** Adds `opType(inputs)` with one output named `output`; returns that name. */
  node(
    opType: string,
    inputs: string[],
    output: string,
    attributes?: OnnxNode["attributes"],
  ): string {
    this.nodes.push({ opType, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
    return output;
  }

  /** Adds a node with several outputs (Split, LayerNormalization's statistics). */
  add(node: OnnxNode): void {
    this.nodes.push(node);
  }

  /** Whether some node already computes `value`. */
  computes(value: string): boolean {
    return this.nodes.some((n) => n.outputs.includes(value));
  }

  /** An int64 constant, added once. */
  ints(name: string, values: number[]): string {
    if (!this.constants.has(name)) {
      this.constants.add(name);
      this.initializers.push(int64(name, values));
    }
    return name;
  }

  /** A float32 scalar constant, added once. */
  float(name: string, value: number): string {
    if (!this.constants.has(name)) {
      this.constants.add(name);
      this.initializers.push({ name, dims: [], values: Float32Array.of(value) });
    }
    return name;
  }

  /**
   * Gives the computed `value` the graph-output name `name`: the node that makes it writes
   * `name` instead (no Identity copy), and later readers read `name`.
   */
  rename(value: string, name: string): string {
    if (value === name) return name;
    const maker = this.nodes.find((n) => n.outputs.includes(value));
    if (!maker) return this.node("Identity", [value], name); // a graph input: copy it
    for (const n of this.nodes) {
      n.inputs = n.inputs.map((input) => (input === value ? name : input));
      n.outputs = n.outputs.map((output) => (output === value ? name : output));
    }
    return name;
  }

  graph(inputs: OnnxValue[], outputs: OnnxValue[]): OnnxGraph {
    return { nodes: this.nodes, inputs, outputs, initializers: this.initializers };
  }
}
