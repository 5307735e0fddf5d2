// Benchmarks for @biore/re-metrics: `pnpm --filter @biore/re-metrics bench`.
// Every speed figure is paired with a reference measured in the same run.
import { performance } from "node:perf_hooks";
import { contingency } from "../src/clustering/contingency.js";
import { expectedMutualInfoNaive } from "../src/clustering/expected-mutual-info-naive.js";
import {
  adjustedMutualInfo,
  adjustedRandIndex,
  createRandom,
  expectedMutualInfo,
  normalizedMutualInfo,
  silhouetteScore,
} from "../src/index.js";

/**
 * Wall-clock and CPU time per run. On a shared machine wall time includes waiting for a
 * core; CPU time (user + system of this process) does not, so both are printed.
 */
function time<T>(
  run: () => T,
  repeats = 1,
  warmup = repeats > 1,
): { value: T; ms: number; cpuMs: number } {
  // Cheap measurements get an untimed warm-up run (JIT); expensive ones are timed once.
  let value = warmup ? run() : (undefined as T);
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let r = 0; r < repeats; r++) value = run();
  const used = process.cpuUsage(cpu);
  return {
    value,
    ms: (performance.now() - start) / repeats,
    cpuMs: (used.user + used.system) / 1000 / repeats,
  };
}

const fmtOne = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const fmt = (t: { ms: number; cpuMs: number } | number) =>
  typeof t === "number" ? fmtOne(t) : `${fmtOne(t.ms)} (cpu ${fmtOne(t.cpuMs)})`;
const random = createRandom(2024);

/** Gold labels in `k` classes and a prediction that keeps 60% of them and scrambles the rest. */
function labelings(n: number, kTrue: number, kPred: number) {
  const truth = new Int32Array(n);
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    truth[i] = random.nextInt(kTrue);
    pred[i] = random.next() < 0.6 ? truth[i]! % kPred : random.nextInt(kPred);
  }
  return { truth, pred };
}

console.log("# @biore/re-metrics benchmark");
console.log(`node ${process.version}, ${process.arch}\n`);

console.log("## Partition agreement on 1,000,000 labels (50 classes vs 60 clusters)");
{
  const { truth, pred } = labelings(1_000_000, 50, 60);
  const ari = time(() => adjustedRandIndex(truth, pred), 3);
  const nmi = time(() => normalizedMutualInfo(truth, pred), 3);
  const ami = time(() => adjustedMutualInfo(truth, pred), 3);
  const table = contingency(truth, pred);
  const emi = time(() => expectedMutualInfo(table.rowSums, table.colSums, table.n), 3);
  console.log(`ARI  ${fmt(ari).padStart(24)}   value ${ari.value.toFixed(6)}`);
  console.log(`NMI  ${fmt(nmi).padStart(24)}   value ${nmi.value.toFixed(6)}`);
  console.log(`AMI  ${fmt(ami).padStart(24)}   value ${ami.value.toFixed(6)}`);
  console.log(`  of which E[MI] (fast hypergeometric walk) ${fmt(emi)}\n`);
}

console.log("## E[MI]: fast walk vs sklearn's O(rows·cols·min(a,b)) loop, same marginals");
for (const [n, k] of [
  [10_000, 20],
  [100_000, 30],
] as const) {
  const { truth, pred } = labelings(n, k, k);
  const table = contingency(truth, pred);
  const fast = time(() => expectedMutualInfo(table.rowSums, table.colSums, table.n), 5);
  const naive = time(() => expectedMutualInfoNaive(table.rowSums, table.colSums, table.n));
  const relative = Math.abs(fast.value - naive.value) / naive.value;
  console.log(
    `n=${n.toLocaleString("en")}, ${k}×${k}: fast ${fmt(fast)}, naive ${fmt(naive)}, ` +
      `speed-up ×${(naive.cpuMs / fast.cpuMs).toFixed(0)} (cpu), relative difference ${relative.toExponential(1)}`,
  );
}
console.log("");

/** Silhouette as a plain double loop over the full n×n matrix: the reference. */
function naiveSilhouette(
  data: Float32Array,
  n: number,
  dim: number,
  labels: Int32Array,
  k: number,
) {
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]!]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let acc = 0;
      for (let c = 0; c < dim; c++) {
        const d = data[i * dim + c]! - data[j * dim + c]!;
        acc += d * d;
      }
      sums[labels[j]!]! += Math.sqrt(acc);
    }
    const own = labels[i]!;
    if (sizes[own]! <= 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[c]! / sizes[c]!);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

function embeddings(n: number, dim: number, k: number) {
  const data = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % k;
    for (let c = 0; c < dim; c++)
      data[i * dim + c] = random.next() - 0.5 + (c % k === labels[i] ? 1 : 0);
  }
  return { data, labels };
}

console.log("## Silhouette, 128-dimensional Float32 embeddings, 10 clusters");
{
  const n = 2_000;
  const { data, labels } = embeddings(n, 128, 10);
  // Warm the JIT of both on a small slice first, so that neither pays for compilation.
  silhouetteScore({ data: data.subarray(0, 200 * 128), dim: 128 }, labels.subarray(0, 200));
  naiveSilhouette(data, 200, 128, labels, 10);
  const ours = time(() => silhouetteScore({ data, dim: 128 }, labels));
  const naive = time(() => naiveSilhouette(data, n, 128, labels, 10));
  console.log(
    `n=${n}: tiled pairs-once ${fmt(ours)}, naive full-matrix ${fmt(naive)}, ` +
      `speed-up ×${(naive.cpuMs / ours.cpuMs).toFixed(2)} (cpu), |difference| ${Math.abs(ours.value - naive.value).toExponential(1)}`,
  );
}
{
  const n = 10_000;
  const { data, labels } = embeddings(n, 128, 10);
  const euclidean = time(() => silhouetteScore({ data, dim: 128 }, labels));
  console.log(
    `n=${n.toLocaleString("en")} × 128, euclidean: ${fmt(euclidean)} (value ${euclidean.value.toFixed(4)})`,
  );
  const cosine = time(() => silhouetteScore({ data, dim: 128 }, labels, { metric: "cosine" }));
  console.log(
    `n=${n.toLocaleString("en")} × 128, cosine:    ${fmt(cosine)} (value ${cosine.value.toFixed(4)})`,
  );
}
