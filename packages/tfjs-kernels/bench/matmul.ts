// GFLOP/s of tf.matMul per shape on four engines measured in this run: tfjs's own cpu kernel,
// the fast JS kernel, onnxruntime's CPU engine (both through registerFastCpuKernels) and wasm.
import * as tf from "@tensorflow/tfjs-core";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../src/index.js";

interface MatMulCase {
  name: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

/** The issue's shapes, plus the relation model's (small: width 64, 8 documents × 400 tokens). */
export const MATMUL_CASES: MatMulCase[] = [
  { name: "512³", a: [512, 512], b: [512, 512] },
  { name: "1024³", a: [1024, 1024], b: [1024, 1024] },
  { name: "[16,256,64]×[16,64,256]", a: [16, 256, 64], b: [16, 64, 256] },
  { name: "  same, transposeA", a: [16, 64, 256], b: [16, 64, 256], transposeA: true },
  { name: "  same, transposeB", a: [16, 256, 64], b: [16, 256, 64], transposeB: true },
  { name: "relation conv [3200,64]×[64,192]", a: [3200, 64], b: [64, 192] },
  { name: "  its dX: dy×Wᵀ", a: [3200, 192], b: [64, 192], transposeB: true },
  { name: "  its dW: xᵀ×dy", a: [3200, 64], b: [3200, 192], transposeA: true },
  { name: "relation pooling [8,60,400]×[8,400,64]", a: [8, 60, 400], b: [8, 400, 64] },
];

export type Engine = "tfjs cpu" | "JS kernels" | "onnxruntime" | "wasm";
export const ENGINES: Engine[] = ["tfjs cpu", "JS kernels", "onnxruntime", "wasm"];

async function useEngine(engine: Engine): Promise<void> {
  unregisterFastCpuKernels();
  await tf.setBackend(engine === "wasm" ? "wasm" : "cpu");
  if (engine === "JS kernels") registerFastCpuKernels({ onnxruntime: false });
  if (engine === "onnxruntime") registerFastCpuKernels({ onnxruntime: true });
}

function flops(c: MatMulCase): number {
  const [m, k] = (c.transposeA ? [...c.a.slice(-2)].reverse() : c.a.slice(-2)) as [number, number];
  const n = (c.transposeB ? c.b[c.b.length - 2] : c.b[c.b.length - 1]) as number;
  const batch = c.a.slice(0, -2).reduce((x, y) => x * y, 1);
  return 2 * batch * m * n * k;
}

/** Best GFLOP/s of a few runs lasting about `budgetMs` in all (at least two runs). */
function gflops(c: MatMulCase, budgetMs: number): number {
  const a = tf.randomNormal(c.a, 0, 1, "float32", 1);
  const b = tf.randomNormal(c.b, 0, 1, "float32", 2);
  const run = () => {
    const t0 = performance.now();
    const y = tf.matMul(a, b, c.transposeA, c.transposeB);
    y.dataSync();
    y.dispose();
    return performance.now() - t0;
  };
  let best = run();
  const started = performance.now();
  for (let i = 0; i < 50 && (i < 2 || performance.now() - started < budgetMs); i++) {
    best = Math.min(best, run());
  }
  tf.dispose([a, b]);
  return flops(c) / best / 1e6;
}

/** Prints the table: GFLOP/s per engine, and onnxruntime's ratio to each other engine. */
export async function benchMatMul(budgetMs = 1500): Promise<Map<string, Map<Engine, number>>> {
  const table = new Map<string, Map<Engine, number>>();
  for (const c of MATMUL_CASES) table.set(c.name, new Map());
  for (const engine of ENGINES) {
    await useEngine(engine);
    for (const c of MATMUL_CASES) table.get(c.name)?.set(engine, gflops(c, budgetMs));
  }
  unregisterFastCpuKernels();
  await tf.setBackend("cpu");
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `${pad("GFLOP/s", 42)}${ENGINES.map((e) => pad(e, 13)).join("")}ort/wasm  ort/tfjs cpu`,
  );
  for (const [name, row] of table) {
    const ort = row.get("onnxruntime") ?? Number.NaN;
    console.log(
      `${pad(name, 42)}${ENGINES.map((e) => pad((row.get(e) ?? Number.NaN).toFixed(1), 13)).join("")}${pad(`${(ort / (row.get("wasm") ?? 1)).toFixed(1)}x`, 10)}${(ort / (row.get("tfjs cpu") ?? 1)).toFixed(0)}x`,
    );
  }
  return table;
}
