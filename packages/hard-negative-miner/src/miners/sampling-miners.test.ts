import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  atAngles,
  isNeg,
  pairSets,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { LpDistance } from "../distances/lp-distance.js";
import { MetricLearningError } from "../errors.js";
import { buildContext } from "../utils/context.js";
import { DistanceWeightedMiner } from "./distance-weighted-miner.js";
import { TopKHardNegativesMiner } from "./top-k-hard-negatives-miner.js";

describe("TopKHardNegativesMiner", () => {
  it("keeps the k closest negatives at known angles, hardest first", () => {
    const emb = tf.tensor2d(atAngles([0, 10, 30, 100, 60, 170]));
    const labels = [0, 0, 1, 1, 2, 2];
    const pairs = new TopKHardNegativesMiner({ k: 2 }).mine(emb, labels);
    const negOf0 = Array.from(pairs.a2.keys())
      .filter((i) => pairs.a2[i] === 0)
      .map((i) => pairs.n[i]);
    expect(negOf0).toEqual([2, 4]);
    emb.dispose();
  });

  it("matches a sort-based loop reference on random batches", () => {
    const q = randomEmbeddings(171, 20, 5);
    const labels = randomLabels(171, 20, 4);
    const emb = tf.tensor2d(q);
    for (const [k, kind] of [
      [1, "cos"],
      [3, "cos"],
      [50, "l2"],
    ] as const) {
      const mat = refMatrix(q, q, kind);
      const neg: string[] = [];
      const pos: string[] = [];
      for (let i = 0; i < 20; i++) {
        const negs = q.map((_, j) => j).filter((j) => isNeg(labels, labels, i, j));
        negs.sort((a, b) =>
          kind === "cos" ? mat[i]![b]! - mat[i]![a]! : mat[i]![a]! - mat[i]![b]!,
        );
        for (const j of negs.slice(0, k)) neg.push(`${i},${j}`);
        for (let j = 0; j < 20; j++) if (j !== i && labels[j] === labels[i]) pos.push(`${i},${j}`);
      }
      const miner = new TopKHardNegativesMiner({
        k,
        ...(kind === "l2" ? { distance: new LpDistance() } : { distance: new CosineSimilarity() }),
      });
      expect(pairSets(miner.mine(emb, labels))).toEqual({ pos: pos.sort(), neg: neg.sort() });
    }
    emb.dispose();
  });
});

describe("DistanceWeightedMiner", () => {
  it("weights negatives by the inverse sphere density and never picks same-class or far ones", () => {
    const q = randomEmbeddings(181, 24, 8);
    const labels = randomLabels(181, 24, 3);
    const emb = tf.tensor2d(q);
    const miner = new DistanceWeightedMiner({ seed: 5 });
    const ctx = buildContext(emb, labels);
    const mat = new LpDistance().matrixData(emb);
    const w = miner.weights(mat, ctx);
    const d = 8;
    const ref = refMatrix(q, q, "l2");
    for (let i = 0; i < 24; i++) {
      const raw = ref[i]!.map((dist, j) => {
        if (!isNeg(labels, labels, i, j)) return 0;
        const x = Math.max(dist, 0.5);
        if (x >= 1.4) return 0;
        return Math.exp((2 - d) * Math.log(x) - ((d - 3) / 2) * Math.log(1 - 0.25 * x * x));
      });
      const total = raw.reduce((s, v) => s + v, 0);
      raw.forEach((v, j) => {
        expect(Math.abs(w[i * 24 + j]! - (total > 0 ? v / total : 0))).toBeLessThan(1e-4);
      });
    }
    const t = miner.mine(emb, labels);
    expect(t.anchors.length).toBeGreaterThan(0);
    t.anchors.forEach((a, k) => {
      expect(labels[t.positives[k]!]).toBe(labels[a]);
      expect(t.positives[k]).not.toBe(a);
      expect(w[a * 24 + t.negatives[k]!]!).toBeGreaterThan(0);
    });
    emb.dispose();
  });

  it("samples negatives with frequencies close to their weights, reproducibly for a seed", () => {
    const q = randomEmbeddings(182, 12, 4);
    const labels = [0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 3];
    const emb = tf.tensor2d(q);
    const miner = new DistanceWeightedMiner({ seed: 9 });
    const w = miner.weights(new LpDistance().matrixData(emb), buildContext(emb, labels));
    const counts = new Float64Array(12);
    let draws = 0;
    for (let r = 0; r < 300; r++) {
      const t = miner.mine(emb, labels);
      t.anchors.forEach((a, k) => {
        if (a === 0) {
          counts[t.negatives[k]!]! += 1;
          draws++;
        }
      });
    }
    for (let j = 0; j < 12; j++) expect(Math.abs(counts[j]! / draws - w[j]!)).toBeLessThan(0.05);
    const again = (seed: number) =>
      Array.from(new DistanceWeightedMiner({ seed }).mine(emb, labels).negatives);
    expect(again(3)).toEqual(again(3));
    emb.dispose();
  });

  it("refuses distances other than normalized Euclidean", () => {
    expect(
      () => new DistanceWeightedMiner({ distance: new LpDistance({ squared: true }) }),
    ).toThrow(MetricLearningError);
  });
});
