// tf.gather (the GatherV2 kernel) per shape, tfjs's own cpu kernel vs the fast JS kernel, measured
// in this run; then the two ways of copying one row (typed-array `set(subarray)` vs a plain loop)
// per row width, which is what the kernel's width threshold is chosen from.
// Run alone: `pnpm exec tsx bench/gather.ts` (or BENCH_PARTS=gather with bench/run.ts).
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { registerFastCpuKernels, unregisterFastCpuKernels } from "../src/index.js";

interface GatherCase {
  name: string;
  x: number[];
  indices: number[];
  axis?: number;
  batchDims?: number;
  dtype?: "float32" | "int32";
}

/** Embedding lookups of the relation model (8 documents × 400 tokens) at several row widths. */
const VOCAB = 20000;
const IDS = 3200;
export const GATHER_CASES: GatherCase[] = [
  ...[1, 8, 16, 32, 64, 128, 768].map((w) => ({
    name: `[${VOCAB},${w}] rows, ${IDS} ids`,
    x: [VOCAB, w],
    indices: [IDS],
  })),
  { name: `[${VOCAB},64] int32, ${IDS} ids`, x: [VOCAB, 64], indices: [IDS], dtype: "int32" },
  { name: "[8,400,64] axis 1, 60 ids", x: [8, 400, 64], indices: [60], axis: 1 },
  { name: "[64,3200] axis 1 (width 1), 400 ids", x: [64, 3200], indices: [400], axis: 1 },
  {
    name: "[8,400,64] batchDims 1, [8,60]",
    x: [8, 400, 64],
    indices: [8, 60],
    axis: 1,
    batchDims: 1,
  },
];

/** Best microseconds per call over runs lasting about `budgetMs` in all (at least three runs). */
function microseconds(c: GatherCase, budgetMs: number): number {
  const x =
    c.dtype === "int32"
      ? tf.randomUniform(c.x, -1000, 1000, "int32", 1)
      : tf.randomNormal(c.x, 0, 1, "float32", 1);
  const dim = c.x[c.axis ?? 0] as number;
  const ids = tf.randomUniform(c.indices, 0, dim, "int32", 2);
  const run = () => {
    const t0 = performance.now();
    const y = tf.gather(x, ids, c.axis ?? 0, c.batchDims ?? 0);
    y.dataSync();
    y.dispose();
    return performance.now() - t0;
  };
  let best = run();
  const started = performance.now();
  for (let i = 0; i < 2000 && (i < 3 || performance.now() - started < budgetMs); i++) {
    best = Math.min(best, run());
  }
  tf.dispose([x, ids]);
  return best * 1000;
}

/** Best microseconds to copy `rows` random rows of `width` floats by `copy`. */
function copyMicroseconds(
  width: number,
  rows: number,
  copy: (src: Float32Array, dst: Float32Array, ids: Int32Array, width: number) => void,
): number {
  const src = new Float32Array(VOCAB * width).map((_, i) => i);
  const dst = new Float32Array(rows * width);
  const ids = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % VOCAB);
  let best = Number.POSITIVE_INFINITY;
  const started = performance.now();
  for (let i = 0; i < 5000 && (i < 5 || performance.now() - started < 300); i++) {
    const t0 = performance.now();
    copy(src, dst, ids, width);
    best = Math.min(best, performance.now() - t0);
  }
  return best * 1000;
}

function copyBySet(src: Float32Array, dst: Float32Array, ids: Int32Array, width: number): void {
  for (let i = 0; i < ids.length; i++) {
    const from = (ids[i] as number) * width;
    dst.set(src.subarray(from, from + width), i * width);
  }
}

function copyByLoop(src: Float32Array, dst: Float32Array, ids: Int32Array, width: number): void {
  let o = 0;
  for (let i = 0; i < ids.length; i++) {
    const from = (ids[i] as number) * width;
    for (let k = 0; k < width; k++) dst[o++] = src[from + k] as number;
  }
}

/** Prints both tables. */
export async function benchGather(budgetMs = 600): Promise<void> {
  await tf.setBackend("cpu");
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `${pad("tf.gather, µs per call (best)", 44)}${pad("tfjs cpu", 12)}${pad("JS kernel", 12)}tfjs / JS`,
  );
  for (const c of GATHER_CASES) {
    unregisterFastCpuKernels();
    const original = microseconds(c, budgetMs);
    registerFastCpuKernels({ onnxruntime: false });
    const fast = microseconds(c, budgetMs);
    unregisterFastCpuKernels();
    console.log(
      `${pad(c.name, 44)}${pad(original.toFixed(1), 12)}${pad(fast.toFixed(1), 12)}${(original / fast).toFixed(1)}x`,
    );
  }
  console.log(
    `\n${pad(`row copy, ${IDS} rows, µs (best)`, 44)}${pad("set(subarray)", 15)}${pad("loop", 12)}loop / set`,
  );
  for (const width of [1, 2, 4, 8, 16, 32, 64, 128, 768]) {
    const bySet = copyMicroseconds(width, IDS, copyBySet);
    const byLoop = copyMicroseconds(width, IDS, copyByLoop);
    console.log(
      `${pad(`width ${width}`, 44)}${pad(bySet.toFixed(1), 15)}${pad(byLoop.toFixed(1), 12)}${(byLoop / bySet).toFixed(2)}`,
    );
  }
}

if (process.argv[1]?.endsWith("gather.ts")) await benchGather();
