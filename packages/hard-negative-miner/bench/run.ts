// Benchmark: every miner and loss at N = 256, 1024, 4096 (dim 128) on the tfjs cpu backend,
// next to a naive O(N^3) triplet enumeration and plain-JS loop references, in the same run.
// Usage: pnpm --filter @biore/hard-negative-miner bench  [BENCH_SIZES=256,1024]
// The union package registers the cpu backend and every gradient (tfjs-core alone has none).
import "@tensorflow/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import {
  type BaseMetricLoss,
  type BaseMiner,
  BatchEasyHardMiner,
  BatchHardMiner,
  CircleLoss,
  ContrastiveLoss,
  DistanceWeightedMiner,
  HardNegativeContrastiveLoss,
  type IndicesTuple,
  MultiSimilarityLoss,
  MultiSimilarityMiner,
  NTXentLoss,
  PairMarginMiner,
  SupConLoss,
  TopKHardNegativesMiner,
  TripletMarginLoss,
  TripletMarginMiner,
} from "../src/index.js";
import {
  jsBatchHard,
  jsContrastive,
  jsMatrix,
  jsSupCon,
  naiveTripletEnumeration,
} from "./js-reference.js";

const DIM = 128;
const PER_CLASS = 8; // an MPerClassSampler-like batch: m = 8 examples per class
const NAIVE_BUDGET = 3e8; // inner iterations of the naive enumeration before it is extrapolated
const sizes = (process.env.BENCH_SIZES ?? "256,1024,4096").split(",").map(Number);

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function time(fn: () => void, reps: number): number {
  fn(); // warm-up (kernel setup, JIT)
  const runs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const ratio = (ref: number | null, ms: number) =>
  ref === null ? "-" : `${(ref / ms).toFixed(1)}x`;

async function main() {
  await tf.setBackend("cpu");
  console.log(
    `tfjs ${tf.version_core}, backend ${tf.getBackend()}, dim ${DIM}, ${PER_CLASS} per class`,
  );
  console.log("ratios: reference time / our time (>1 = we are faster)\n");
  for (const n of sizes) {
    const rand = seeded(n);
    const data = new Float32Array(n * DIM).map(() => rand() * 2 - 1);
    const labels = Int32Array.from({ length: n }, (_, i) => Math.floor(i / PER_CLASS));
    const emb = tf.tensor2d(data, [n, DIM]);
    const reps = n <= 256 ? 3 : 1;

    // references: plain-JS distance matrices, batch-hard by loops, naive O(N^3) enumeration
    let dist: Float32Array = new Float32Array(0);
    let sim: Float32Array = new Float32Array(0);
    const jsDist = time(() => {
      dist = jsMatrix(data, n, DIM, true);
    }, reps);
    const jsSim = time(() => {
      sim = jsMatrix(data, n, DIM, false);
    }, reps);
    const jsMine = jsDist + time(() => jsBatchHard(dist, labels), reps);
    const perAnchor = n * n;
    const anchors = Math.min(n, Math.max(1, Math.floor(NAIVE_BUDGET / perAnchor)));
    const naivePart = time(() => naiveTripletEnumeration(dist, labels, anchors), 1);
    const naive = jsDist + (naivePart * n) / anchors;
    const naiveNote = anchors < n ? ` (extrapolated from ${anchors}/${n} anchors)` : "";
    const jsSupConMs = jsSim + time(() => jsSupCon(sim, labels, 0.1), reps);
    const jsContrastiveMs = jsDist + time(() => jsContrastive(dist, labels), reps);

    console.log(`N = ${n}`);
    console.log(`  plain-JS distance matrix        ${fmt(jsDist)}`);
    console.log(`  plain-JS batch-hard (loops)     ${fmt(jsMine)}`);
    console.log(`  naive O(N^3) enumeration        ${fmt(naive)}${naiveNote}`);
    console.log("  item                                      time   vs naive  vs plain-JS");
    const row = (name: string, ms: number, js: number | null) =>
      console.log(
        `  ${name.padEnd(40)} ${fmt(ms).padStart(9)} ${ratio(naive, ms).padStart(9)} ${ratio(js, ms).padStart(11)}`,
      );

    const miners: [string, BaseMiner][] = [
      ["BatchHardMiner", new BatchHardMiner()],
      ["BatchEasyHardMiner", new BatchEasyHardMiner()],
      ["TripletMarginMiner(semihard)", new TripletMarginMiner({ typeOfTriplets: "semihard" })],
      ["PairMarginMiner", new PairMarginMiner()],
      ["MultiSimilarityMiner", new MultiSimilarityMiner()],
      ["DistanceWeightedMiner", new DistanceWeightedMiner()],
      ["TopKHardNegativesMiner(k=5)", new TopKHardNegativesMiner()],
    ];
    const skipSemihard = n > 1024; // its output alone is ~N^2 * PER_CLASS / 2 triplets
    for (const [name, miner] of miners) {
      if (skipSemihard && miner instanceof TripletMarginMiner) {
        console.log(
          `  ${name.padEnd(40)} skipped at N > 1024 (output of tens of millions of triplets)`,
        );
        continue;
      }
      row(
        `mine: ${name}`,
        time(() => miner.mine(emb, labels), reps),
        name === "BatchHardMiner" ? jsMine : null,
      );
    }

    const hard = new BatchHardMiner().mine(emb, labels);
    const losses: [string, BaseMetricLoss, IndicesTuple | undefined, number | null][] = [
      ["SupConLoss (all pairs)", new SupConLoss(), undefined, jsSupConMs],
      ["NTXentLoss (all pairs)", new NTXentLoss(), undefined, null],
      ["TripletMarginLoss (batch-hard triplets)", new TripletMarginLoss(), hard, null],
      ["ContrastiveLoss (all pairs)", new ContrastiveLoss(), undefined, jsContrastiveMs],
      ["HardNegativeContrastiveLoss", new HardNegativeContrastiveLoss(), undefined, null],
      ["MultiSimilarityLoss (all pairs)", new MultiSimilarityLoss(), undefined, null],
      ["CircleLoss (all pairs)", new CircleLoss(), undefined, null],
    ];
    for (const [name, loss, indices, js] of losses) {
      const ms = time(() => {
        tf.tidy(() => {
          const g = tf.grad((x: tf.Tensor) => loss.compute(x as tf.Tensor2D, labels, indices))(emb);
          g.dataSync();
        });
      }, reps);
      row(`fwd+bwd: ${name}`, ms, js);
    }
    console.log("  (plain-JS loss references are forward only, so their ratio flatters them)\n");
    emb.dispose();
  }
}

await main();
