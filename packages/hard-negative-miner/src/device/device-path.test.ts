import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pairSets, randomEmbeddings, randomLabels, tripletSet } from "../../test/reference.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import type { BaseMetricLoss, LossOptions } from "../losses/base-loss.js";
import { CircleLoss } from "../losses/circle-loss.js";
import { ContrastiveLoss } from "../losses/contrastive-loss.js";
import { HardNegativeContrastiveLoss } from "../losses/hard-negative-contrastive-loss.js";
import { MultiSimilarityLoss } from "../losses/multi-similarity-loss.js";
import { NTXentLoss } from "../losses/ntxent-loss.js";
import { SupConLoss } from "../losses/supcon-loss.js";
import { TripletMarginLoss } from "../losses/triplet-margin-loss.js";
import { CrossBatchMemory } from "../memory/cross-batch-memory.js";
import type { BaseMiner, MinerOptions } from "../miners/base-miner.js";
import { BatchHardMiner } from "../miners/batch-hard-miner.js";
import { MultiSimilarityMiner } from "../miners/multi-similarity-miner.js";
import { PairMarginMiner } from "../miners/pair-margin-miner.js";
import { ClassWeightedReducer } from "../reducers/class-weighted-reducer.js";
import { isTripletIndices } from "../types.js";
import type { MiningPath } from "../utils/mining-path.js";

// The device path (masks as tensors, no host read) must give the host path's values and
// gradients. Both run here on the cpu backend, the device path forced with `path: "device"`.

type Host = "host" | "device";
const miners: [string, (o: MinerOptions) => BaseMiner][] = [
  ["BatchHardMiner", (o) => new BatchHardMiner(o)],
  ["PairMarginMiner", (o) => new PairMarginMiner({ ...o, posMargin: 0.9, negMargin: 1.3 })],
  ["MultiSimilarityMiner", (o) => new MultiSimilarityMiner({ ...o, epsilon: 0.3 })],
  [
    "BatchHardMiner (cosine)",
    (o) => new BatchHardMiner({ ...o, distance: new CosineSimilarity() }),
  ],
];
const losses: [string, (o: LossOptions) => BaseMetricLoss][] = [
  ["SupConLoss", (o) => new SupConLoss(o)],
  ["NTXentLoss", (o) => new NTXentLoss(o)],
  ["TripletMarginLoss", (o) => new TripletMarginLoss({ ...o, margin: 0.3 })],
  [
    "TripletMarginLoss (swap, smooth)",
    (o) => new TripletMarginLoss({ ...o, swap: true, smoothLoss: true }),
  ],
  ["ContrastiveLoss", (o) => new ContrastiveLoss(o)],
  ["HardNegativeContrastiveLoss", (o) => new HardNegativeContrastiveLoss(o)],
  ["MultiSimilarityLoss", (o) => new MultiSimilarityLoss(o)],
  ["CircleLoss", (o) => new CircleLoss(o)],
  [
    "TripletMarginLoss (class-weighted)",
    (o) => new TripletMarginLoss({ ...o, reducer: new ClassWeightedReducer([1, 2, 0.5, 3]) }),
  ],
];

const N = 20;
const data = randomEmbeddings(41, N, 6);
const labels = Int32Array.from(randomLabels(42, N, 4));

/** Loss value and gradient of one step, miner (or all pairs) then loss, on one path. */
function run(
  path: Host,
  makeLoss: (o: LossOptions) => BaseMetricLoss,
  makeMiner: ((o: MinerOptions) => BaseMiner) | null,
): { value: number; grad: Float32Array } {
  const miner = makeMiner?.({ path }) ?? null;
  const loss = makeLoss({ path });
  const emb = tf.tensor2d(data);
  const f = (e: tf.Tensor) =>
    loss.compute(e as tf.Tensor2D, labels, miner?.mine(e as tf.Tensor2D, labels));
  const value = tf.tidy(() => f(emb).dataSync()[0]!);
  const g = tf.grad(f)(emb);
  const grad = g.dataSync() as Float32Array;
  tf.dispose([emb, g]);
  return { value, grad };
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 2e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!)));
  }
}

describe("device path equals host path", () => {
  for (const [minerName, makeMiner] of [...miners, ["all pairs", null] as const]) {
    for (const [lossName, makeLoss] of losses) {
      it(`${minerName} + ${lossName}: value and gradient`, () => {
        const host = run("host", makeLoss, makeMiner);
        const device = run("device", makeLoss, makeMiner);
        expectClose([device.value], [host.value]);
        expectClose(device.grad, host.grad);
        expect(Number.isFinite(host.value)).toBe(true);
        // a real comparison, not of two zeros
        expect(Math.max(...host.grad.map(Math.abs))).toBeGreaterThan(1e-3);
      });
    }
  }

  for (const [name, makeMiner] of miners) {
    it(`${name}: device indices, when read, are the host ones`, () => {
      const emb = tf.tensor2d(data);
      const host = makeMiner({ path: "host" }).mine(emb, labels);
      const device = makeMiner({ path: "device" }).mine(emb, labels);
      expect(isTripletIndices(device)).toBe(isTripletIndices(host));
      if (isTripletIndices(host) && isTripletIndices(device)) {
        expect(tripletSet(device)).toEqual(tripletSet(host));
        expect(host.anchors.length).toBeGreaterThan(0);
      } else {
        expect(pairSets(device as never)).toEqual(pairSets(host as never));
      }
      emb.dispose();
    });
  }

  it("a memory bank with a device miner gives the host path's loss", () => {
    const values = (["host", "device"] as const).map((path) => {
      const memory = new CrossBatchMemory({
        loss: new ContrastiveLoss({ path }),
        miner: new BatchHardMiner({ path }),
        embeddingSize: 6,
        memorySize: 30,
      });
      const out: number[] = [];
      for (const seed of [1, 2]) {
        const emb = tf.tensor2d(randomEmbeddings(seed, 12, 6));
        const l = memory.compute(emb, randomLabels(seed + 9, 12, 3));
        out.push(l.dataSync()[0]!);
        tf.dispose([emb, l]);
      }
      memory.dispose();
      return out;
    });
    expectClose(values[1]!, values[0]!);
  });
});

describe("device path reads nothing back and leaks nothing", () => {
  afterEach(() => vi.restoreAllMocks());

  const reads = () => {
    const engine = tf.engine();
    return [vi.spyOn(engine, "readSync"), vi.spyOn(engine, "read")];
  };

  for (const [minerName, makeMiner] of miners) {
    for (const [lossName, makeLoss] of losses) {
      // HNC has no mask implementation: it reads the device-mined indices back (documented)
      const readsBack = lossName === "HardNegativeContrastiveLoss";
      it(`${minerName} + ${lossName}: ${readsBack ? "one read back" : "no host read"} in a training step, no tensor left`, () => {
        const miner = makeMiner({ path: "device" });
        const loss = makeLoss({ path: "device" });
        const emb = tf.tensor2d(data);
        const before = tf.memory().numTensors;
        const spies = reads();
        const g = tf.grad((e: tf.Tensor) =>
          loss.compute(e as tf.Tensor2D, labels, miner.mine(e as tf.Tensor2D, labels)),
        )(emb);
        const count = spies.reduce((s, spy) => s + spy.mock.calls.length, 0);
        vi.restoreAllMocks();
        if (readsBack) expect(count).toBeGreaterThan(0);
        else expect(count).toBe(0);
        g.dispose();
        expect(tf.memory().numTensors).toBe(before);
        emb.dispose();
      });
    }
  }

  it("the host path does read (so the spy sees reads)", () => {
    const emb = tf.tensor2d(data);
    const spies = reads();
    new BatchHardMiner({ path: "host" }).mine(emb, labels);
    expect(spies.reduce((s, spy) => s + spy.mock.calls.length, 0)).toBeGreaterThan(0);
    emb.dispose();
  });

  it("refuses device indices of disposed embeddings or of another batch, and bad paths", () => {
    const emb = tf.tensor2d(data);
    const mined = new BatchHardMiner({ path: "device" }).mine(emb, labels);
    const loss = new TripletMarginLoss({ path: "device" });
    const other = tf.tensor2d(randomEmbeddings(3, N - 1, 6));
    expect(() => loss.compute(other, labels.subarray(1), mined)).toThrow(
      expect.objectContaining({ code: "INVALID_INDICES" }),
    );
    const copy = tf.clone(emb);
    emb.dispose();
    expect(() => loss.compute(copy, labels, mined)).toThrow(
      expect.objectContaining({ code: "INVALID_INDICES" }),
    );
    expect(() => new BatchHardMiner({ path: "gpu" as MiningPath })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
    expect(() => new SupConLoss({ path: "gpu" as MiningPath })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
    tf.dispose([other, copy]);
  });

  it("auto takes the host path on cpu and wasm and the device path on other backends", async () => {
    const { resolvePath } = await import("../utils/mining-path.js");
    const backend = vi.spyOn(tf.engine(), "backendName", "get");
    for (const [name, path] of [
      ["cpu", "host"],
      ["wasm", "host"],
      ["webgl", "device"],
      ["webgpu", "device"],
      ["tensorflow", "device"],
    ]) {
      backend.mockReturnValue(name!);
      expect(resolvePath("auto")).toBe(path);
    }
    expect(resolvePath("host")).toBe("host");
    expect(resolvePath("device")).toBe("device");
  });
});
