/**
 * A minimal protobuf writer for the few ONNX messages this package's graphs need (ModelProto,
 * GraphProto, NodeProto, AttributeProto, ValueInfoProto, TensorProto). Field numbers follow
 * onnx/onnx.proto; only what this package emits is covered, so no protobuf library is needed at
 * run time.
 */

/** A graph node: `opType(inputs) -> outputs`, with int / float / int-list attributes. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, number | number[]>;
  /** Attributes that hold floats (others are int64). */
  floatAttributes?: string[];
}

/** A float32 graph input or output; a dimension is a number (fixed) or a name (symbolic). */
export interface OnnxValue {
  name: string;
  dims: (number | string)[];
}

/** A constant baked into the graph: float32, or int64 (axes, pads, slice bounds) from integers. */
export interface OnnxInitializer {
  name: string;
  dims: number[];
  values: Float32Array | Int64Values;
}

/** Integer values of an int64 initializer (e.g. `int64(-1)` for an axes input). */
export interface Int64Values {
  int64: number[];
}

/** An int64 initializer holding `values` (1-D, or a scalar when `dims` is []). */
export function int64(name: string, values: number[], dims: number[] = [values.length]) {
  return { name, dims, values: { int64: values } } satisfies OnnxInitializer;
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  initializers?: OnnxInitializer[];
}

const IR_VERSION = 8;
const OPSET = 17;
const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** Serialized ModelProto bytes for `graph` (opset 17, default domain). */
export function encodeModel(graph: OnnxGraph): Uint8Array {
  const w = new Writer();
  w.varintField(1, IR_VERSION);
  w.stringField(2, "@biore/tfjs-kernels");
  w.messageField(7, encodeGraph(graph));
  const opset = new Writer();
  opset.stringField(1, "");
  opset.varintField(2, OPSET);
  w.messageField(8, opset.bytes());
  return w.bytes();
}

function encodeGraph(graph: OnnxGraph): Uint8Array {
  const w = new Writer();
  for (const [i, node] of graph.nodes.entries()) w.messageField(1, encodeNode(node, `n${i}`));
  w.stringField(2, "g");
  for (const init of graph.initializers ?? []) w.messageField(5, encodeTensor(init));
  for (const v of graph.inputs) w.messageField(11, encodeValueInfo(v));
  for (const v of graph.outputs) w.messageField(12, encodeValueInfo(v));
  return w.bytes();
}

function encodeNode(node: OnnxNode, name: string): Uint8Array {
  const w = new Writer();
  for (const input of node.inputs) w.stringField(1, input);
  for (const output of node.outputs) w.stringField(2, output);
  w.stringField(3, name);
  w.stringField(4, node.opType);
  for (const [key, value] of Object.entries(node.attributes ?? {})) {
    const a = new Writer();
    a.stringField(1, key);
    if (Array.isArray(value)) {
      for (const v of value) a.varintField(8, v);
      a.varintField(20, ATTR_INTS);
    } else if (node.floatAttributes?.includes(key)) {
      a.float32Field(2, value);
      a.varintField(20, ATTR_FLOAT);
    } else {
      a.varintField(3, value);
      a.varintField(20, ATTR_INT);
    }
    w.messageField(5, a.bytes());
  }
  return w.bytes();
}

function encodeValueInfo(value: OnnxValue): Uint8Array {
  const shape = new Writer();
  for (const dim of value.dims) {
    const d = new Writer();
    if (typeof dim === "number") d.varintField(1, dim);
    else d.stringField(2, dim);
    shape.messageField(1, d.bytes());
  }
  const tensorType = new Writer();
  tensorType.varintField(1, FLOAT);
  tensorType.messageField(2, shape.bytes());
  const type = new Writer();
  type.messageField(1, tensorType.bytes());
  const info = new Writer();
  info.stringField(1, value.name);
  info.messageField(2, type.bytes());
  return info.bytes();
}

function encodeTensor(init: OnnxInitializer): Uint8Array {
  const w = new Writer();
  for (const d of init.dims) w.varintField(1, d);
  const values = init.values;
  w.varintField(2, values instanceof Float32Array ? FLOAT : INT64);
  w.stringField(8, init.name);
  if (values instanceof Float32Array) {
    const raw = new Uint8Array(values.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    w.bytesField(9, raw);
  } else {
    const raw = new Uint8Array(values.int64.length * 8);
    const view = new DataView(raw.buffer);
    for (const [i, v] of values.int64.entries()) view.setBigInt64(i * 8, BigInt(v), true);
    w.bytesField(9, raw);
  }
  return w.bytes();
}

/** Appends protobuf wire-format fields to a growing byte list. */
class Writer {
  private readonly out: number[] = [];

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  varintField(field: number, value: number): void {
    this.varint((field << 3) | 0);
    this.varint(value);
  }

  float32Field(field: number, value: number): void {
    this.varint((field << 3) | 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.out.push(...b);
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, new TextEncoder().encode(value));
  }

  messageField(field: number, message: Uint8Array): void {
    this.bytesField(field, message);
  }

  bytesField(field: number, value: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(value.length);
    for (const b of value) this.out.push(b);
  }

  /** Integers of magnitude up to 2^53; negative ones as 64-bit two's complement (10 bytes). */
  private varint(value: number): void {
    if (value < 0) {
      let v = BigInt.asUintN(64, BigInt(value));
      while (v >= 0x80n) {
        this.out.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      this.out.push(Number(v));
      return;
    }
    let v = value;
    while (v >= 0x80) {
      this.out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.out.push(v);
  }
}
