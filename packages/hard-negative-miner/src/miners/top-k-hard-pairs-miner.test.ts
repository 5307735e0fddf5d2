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
import { LpDistance } from "../distances/lp-distance.js";
import { MetricLearningError } from "../errors.js";
import { BatchHardMiner } from "./batch-hard-miner.js";
import { TopKHardNegativesMiner } from "./top-k-hard-negatives-miner.js";
import { TopKHardPairsMiner } from "./top-k-hard-pairs-miner.js";

/** Sort-based reference: per anchor, the farthest positives and the closest negatives (after skipping some), optionally within groups. */
function referencePairs(
  q: number[][],
  ref: number[][],
  labels: number[],
  rl: number[],
  self: boolean,
  o: {
    positives: number;
    negatives: number;
    skip: number;
    groups?: number[];
    refGroups?: number[];
  },
) {
  const mat = refMatrix(q, ref, "cos");
  const pos: string[] = [];
  const neg: string[] = [];
  for (let i = 0; i < q.length; i++) {
    const js = ref.map((_, j) => j);
    const negs = js.filter(
      (j) => isNeg(labels, rl, i, j) && (!o.groups || o.refGroups![j] === o.groups[i]),
    );
    const poss = js.filter((j) => rl[j] === labels[i] && (!self || j !== i));
    negs.sort((a, b) => mat[i]![b]! - mat[i]![a]!);
    poss.sort((a, b) => mat[i]![a]! - mat[i]![b]!);
    for (const j of negs.slice(o.skip, o.skip + o.negatives)) neg.push(`${i},${j}`);
    for (const j of poss.slice(0, o.positives)) pos.push(`${i},${j}`);
  }
  return { pos: pos.sort(), neg: neg.sort() };
}

describe("TopKHardPairsMiner", () => {
  it("keeps the farthest positives and the closest negatives at known angles", () => {
    // anchor 0 at 0°: positives at 10°, 50°, 90°; negatives at 20°, 120°, 170°
    const emb = tf.tensor2d(atAngles([0, 10, 50, 90, 20, 120, 170]));
    const labels = [0, 0, 0, 0, 1, 1, 1];
    const pairs = new TopKHardPairsMiner({ positives: 2, negatives: 1 }).mine(emb, labels);
    const of0 = (a: Int32Array, b: Int32Array) =>
      Array.from(a.keys())
        .filter((i) => a[i] === 0)
        .map((i) => b[i]);
    expect(of0(pairs.a1, pairs.p)).toEqual([3, 2]);
    expect(of0(pairs.a2, pairs.n)).toEqual([4]);
    emb.dispose();
  });

  it("matches a sort-based reference on random batches, with and without a reference set", () => {
    const q = randomEmbeddings(7, 24, 5);
    const r = randomEmbeddings(8, 40, 5);
    const labels = randomLabels(9, 24, 4);
    const refLabels = randomLabels(10, 40, 4);
    for (const [positives, negatives, kind, withRef] of [
      [1, 1, "cos", false],
      [3, 5, "cos", true],
      [50, 50, "l2", true],
    ] as const) {
      const ref = withRef ? r : q;
      const rl = withRef ? refLabels : labels;
      const mat = refMatrix(q, ref, kind);
      // closeness: larger = more similar
      const close = (i: number, j: number) => (kind === "cos" ? mat[i]![j]! : -mat[i]![j]!);
      const pos: string[] = [];
      const neg: string[] = [];
      for (let i = 0; i < q.length; i++) {
        const js = ref.map((_, j) => j);
        const negs = js.filter((j) => isNeg(labels, rl, i, j));
        const poss = js.filter((j) => rl[j] === labels[i] && (withRef || j !== i));
        negs.sort((a, b) => close(i, b) - close(i, a));
        poss.sort((a, b) => close(i, a) - close(i, b));
        for (const j of negs.slice(0, negatives)) neg.push(`${i},${j}`);
        for (const j of poss.slice(0, positives)) pos.push(`${i},${j}`);
      }
      const miner = new TopKHardPairsMiner({
        positives,
        negatives,
        ...(kind === "l2" ? { distance: new LpDistance() } : {}),
      });
      const e = tf.tensor2d(q);
      const re = tf.tensor2d(ref);
      const mined = withRef ? miner.mine(e, labels, re, rl) : miner.mine(e, labels);
      expect(pairSets(mined)).toEqual({ pos: pos.sort(), neg: neg.sort() });
      tf.dispose([e, re]);
    }
  });

  it("with groups, takes negatives from the anchor's group only; positives stay unrestricted", () => {
    const q = randomEmbeddings(11, 30, 5);
    const r = randomEmbeddings(12, 50, 5);
    const labels = randomLabels(13, 30, 4);
    const refLabels = randomLabels(14, 50, 4);
    const groups = randomLabels(15, 30, 3);
    const refGroups = randomLabels(16, 50, 3);
    const miner = new TopKHardPairsMiner({ positives: 3, negatives: 4 });
    const e = tf.tensor2d(q);
    const re = tf.tensor2d(r);
    const mined = miner.mineWithGroups(e, labels, groups, re, refLabels, refGroups);
    const expected = referencePairs(q, r, labels, refLabels, false, {
      positives: 3,
      negatives: 4,
      skip: 0,
      groups,
      refGroups,
    });
    expect(pairSets(mined)).toEqual(expected);
    // some anchor had a closer negative in another group, so the restriction changed the result
    expect(pairSets(miner.mine(e, labels, re, refLabels)).neg).not.toEqual(expected.neg);
    // self-reference: groups double as refGroups
    const self = miner.mineWithGroups(e, labels, groups);
    expect(pairSets(self)).toEqual(
      referencePairs(q, q, labels, labels, true, {
        positives: 3,
        negatives: 4,
        skip: 0,
        groups,
        refGroups: groups,
      }),
    );
    tf.dispose([e, re]);
  });

  it("skipNegatives drops each anchor's closest negatives and keeps the next ones", () => {
    const q = randomEmbeddings(21, 20, 4);
    const r = randomEmbeddings(22, 40, 4);
    const labels = randomLabels(23, 20, 3);
    const refLabels = randomLabels(24, 40, 3);
    const groups = randomLabels(25, 20, 2);
    const refGroups = randomLabels(26, 40, 2);
    const e = tf.tensor2d(q);
    const re = tf.tensor2d(r);
    const miner = new TopKHardPairsMiner({ positives: 2, negatives: 3, skipNegatives: 2 });
    expect(pairSets(miner.mine(e, labels, re, refLabels))).toEqual(
      referencePairs(q, r, labels, refLabels, false, { positives: 2, negatives: 3, skip: 2 }),
    );
    expect(pairSets(miner.mineWithGroups(e, labels, groups, re, refLabels, refGroups))).toEqual(
      referencePairs(q, r, labels, refLabels, false, {
        positives: 2,
        negatives: 3,
        skip: 2,
        groups,
        refGroups,
      }),
    );
    tf.dispose([e, re]);
  });

  it("groups work for TopKHardNegativesMiner too; a miner that ignores groups refuses them", () => {
    const q = randomEmbeddings(31, 16, 4);
    const labels = randomLabels(32, 16, 3);
    const groups = randomLabels(33, 16, 2);
    const e = tf.tensor2d(q);
    const mined = pairSets(new TopKHardNegativesMiner({ k: 2 }).mineWithGroups(e, labels, groups));
    const ref = referencePairs(q, q, labels, labels, true, {
      positives: 16,
      negatives: 2,
      skip: 0,
      groups,
      refGroups: groups,
    });
    expect(mined).toEqual(ref);
    expect(() => new BatchHardMiner().mineWithGroups(e, labels, groups)).toThrow(
      MetricLearningError,
    );
    expect(() => new TopKHardPairsMiner().mineWithGroups(e, labels, groups.slice(1))).toThrow(
      /groups: 15 groups for 16 embeddings/,
    );
    const other = tf.tensor2d(randomEmbeddings(34, 16, 4));
    expect(() => new TopKHardPairsMiner().mineWithGroups(e, labels, groups, other, labels)).toThrow(
      /refGroups/,
    );
    tf.dispose([e, other]);
  });

  it("refuses a count that is not a positive integer", () => {
    expect(() => new TopKHardPairsMiner({ positives: 0 })).toThrow(MetricLearningError);
    expect(() => new TopKHardPairsMiner({ negatives: 2.5 })).toThrow(MetricLearningError);
    expect(() => new TopKHardPairsMiner({ skipNegatives: -1 })).toThrow(MetricLearningError);
  });
});
