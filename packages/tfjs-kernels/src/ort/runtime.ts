import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { KernelError } from "../errors.js";
import { type OnnxGraph, encodeModel } from "./onnx-proto.js";

/** The onnxruntime-node version whose native binding this package calls into. */
export const ONNXRUNTIME_VERSION = "1.30.0";

/** A float32 array with its dimensions, as fed to or returned by onnxruntime. */
export interface DenseArray {
  data: Float32Array;
  dims: readonly number[];
}

/** onnxruntime's CPU engine, driven synchronously (tfjs kernels are synchronous). */
export interface OnnxRuntime {
  readonly version: string;
  readonly threads: number;
  /** Runs the graph cached under `key` (built by `build` on first use); returns its one output. */
  run(key: string, build: () => OnnxGraph, feeds: Record<string, DenseArray>): Float32Array;
  /**
   * Runs a graph with several outputs: each name in `fetches` maps to an array for onnxruntime
   * to write into (its size must be the output's; no copy), or null for one it allocates.
   * Returns every fetched output's values.
   */
  runMany(
    key: string,
    build: () => OnnxGraph,
    feeds: Record<string, DenseArray>,
    fetches: Record<string, DenseArray | null>,
  ): Record<string, Float32Array>;
  /** Frees every cached session. */
  dispose(): void;
}

/** What loading onnxruntime found: a runtime, or why there is none. */
export type OnnxRuntimeLoad =
  | { runtime: OnnxRuntime; reason: string }
  | { runtime: null; reason: string };

interface NativeSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: object): void;
  run(feeds: object, fetches: object, options: object): Record<string, { data: unknown }>;
  dispose(): void;
}
interface BindingModule {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}
type TensorClass = new (type: "float32", data: Float32Array, dims: readonly number[]) => object;

/** The output name every graph of this package uses. */
export const OUTPUT = "out";

/**
 * Loads onnxruntime-node if the user installed it. Its public `InferenceSession.run` is async
 * only because it defers the native call with `setImmediate`; the native session under it
 * (`onnxruntime-node/dist/binding`) runs synchronously, which is what a tfjs kernel needs.
 */
export function loadOnnxRuntime(threads: number | undefined, spinning = false): OnnxRuntimeLoad {
  const intraOpThreads = threads ?? defaultThreads();
  if (!Number.isInteger(intraOpThreads) || intraOpThreads < 1) {
    throw new KernelError(
      "INVALID_OPTION",
      "threads",
      `expected a positive integer, got ${threads}`,
    );
  }
  const require = createRequire(import.meta.url);
  let version: string;
  let bindingModule: BindingModule;
  let Tensor: TensorClass;
  try {
    version = (require("onnxruntime-node/package.json") as { version: string }).version;
  } catch {
    return { runtime: null, reason: "onnxruntime-node is not installed" };
  }
  try {
    bindingModule = require("onnxruntime-node/dist/binding") as BindingModule;
    Tensor = (require("onnxruntime-node") as { Tensor: TensorClass }).Tensor;
    bindingModule.initOrt();
  } catch (error) {
    return {
      runtime: null,
      reason: `onnxruntime-node ${version} failed to load: ${message(error)}`,
    };
  }
  if (typeof bindingModule.binding?.InferenceSession !== "function") {
    return {
      runtime: null,
      reason: `onnxruntime-node ${version} has no native session this package knows`,
    };
  }
  const runtime = new NativeRuntime(bindingModule, Tensor, version, intraOpThreads, spinning);
  const note = version === ONNXRUNTIME_VERSION ? "" : ` (tested with ${ONNXRUNTIME_VERSION})`;
  return { runtime, reason: `onnxruntime-node ${version}${note}, ${intraOpThreads} threads` };
}

class NativeRuntime implements OnnxRuntime {
  private readonly sessions = new Map<string, NativeSession>();

  constructor(
    private readonly bindingModule: BindingModule,
    private readonly Tensor: TensorClass,
    readonly version: string,
    readonly threads: number,
    private readonly spinning: boolean,
  ) {}

  run(key: string, build: () => OnnxGraph, feeds: Record<string, DenseArray>): Float32Array {
    return this.runMany(key, build, feeds, { [OUTPUT]: null })[OUTPUT] as Float32Array;
  }

  runMany(
    key: string,
    build: () => OnnxGraph,
    feeds: Record<string, DenseArray>,
    fetches: Record<string, DenseArray | null>,
  ): Record<string, Float32Array> {
    const session = this.sessions.get(key) ?? this.open(key, build());
    const inputs: Record<string, object> = {};
    for (const [name, value] of Object.entries(feeds)) inputs[name] = this.tensor(value);
    const outputs: Record<string, object | null> = {};
    for (const [name, value] of Object.entries(fetches)) {
      outputs[name] = value ? this.tensor(value) : null;
    }
    let result: Record<string, { data: unknown }>;
    try {
      result = session.run(inputs, outputs, {});
    } catch (error) {
      throw new KernelError("ONNXRUNTIME_FAILED", key, message(error), { cause: error });
    }
    const values: Record<string, Float32Array> = {};
    for (const name of Object.keys(fetches)) {
      const data = result[name]?.data;
      if (!(data instanceof Float32Array)) {
        throw new KernelError("ONNXRUNTIME_FAILED", key, `onnxruntime returned no float32 ${name}`);
      }
      values[name] = data;
    }
    return values;
  }

  private tensor(value: DenseArray): object {
    return new this.Tensor("float32", value.data, value.dims);
  }

  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
  }

  private open(key: string, graph: OnnxGraph): NativeSession {
    const model = encodeModel(graph);
    const session = new this.bindingModule.binding.InferenceSession();
    try {
      session.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, {
        executionProviders: ["cpu"],
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        executionMode: "sequential",
        graphOptimizationLevel: "all",
        // Idle workers spinning between calls steal the core the JS kernels run on next.
        extra: { session: { intra_op: { allow_spinning: this.spinning ? "1" : "0" } } },
      });
    } catch (error) {
      throw new KernelError("ONNXRUNTIME_FAILED", key, `graph rejected: ${message(error)}`, {
        cause: error,
      });
    }
    this.sessions.set(key, session);
    return session;
  }
}

function defaultThreads(): number {
  return availableParallelism();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
