import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  atAngles,
  inverted,
  isNeg,
  isPos,
  type Kind,
  pairSets,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { LpDistance } from "../distances/lp-distance.js";
import { MetricLearningError } from "../errors.js";
import { BatchEasyHardMiner, type EasyHardStrategy } from "./batch-easy-hard-miner.js";

/** Loop reference of PML's BatchEasyHardMiner written from its definition in closeness terms. */
function refEasyHard(
  q: number[][],
  labels: number[],
  kind: Kind,
  posS: EasyHardStrategy,
  negS: EasyHardStrategy,
) {
  const mat = refMatrix(q, q, kind);
  const inv = inverted(kind);
  // closeness: larger = closer, whatever the distance
  const c = (i: number, j: number) => (inv ? mat[i]![j]! : -mat[i]![j]!);
  const pos: string[] = [];
  const neg: string[] = [];
  for (let i = 0; i < q.length; i++) {
    const ps = q.map((_, j) => j).filter((j) => isPos(labels, labels, true, i, j));
    const ns = q.map((_, j) => j).filter((j) => isNeg(labels, labels, i, j));
    const argBest = (cands: number[], score: (j: number) => number) =>
      cands.reduce((b, j) => (b < 0 || score(j) > score(b) ? j : b), -1);
    const easyPos = () => argBest(ps, (j) => c(i, j));
    const hardPos = (limit = Infinity) =>
      argBest(
        ps.filter((j) => c(i, j) > -limit),
        (j) => -c(i, j),
      );
    let p = -1;
    let n = -1;
    if (posS === "semihard") {
      n = negS === "easy" ? argBest(ns, (j) => -c(i, j)) : argBest(ns, (j) => c(i, j));
      // least close positive that is still closer than the chosen negative
      p =
        n < 0
          ? -1
          : argBest(
              ps.filter((j) => c(i, j) > c(i, n)),
              (j) => -c(i, j),
            );
    } else {
      if (posS === "easy") p = easyPos();
      if (posS === "hard") p = hardPos();
      if (negS === "semihard") {
        // closest negative that is still farther than the chosen positive
        n =
          p < 0
            ? -1
            : argBest(
                ns.filter((j) => c(i, j) < c(i, p)),
                (j) => c(i, j),
              );
      } else if (negS === "hard") n = argBest(ns, (j) => c(i, j));
      else if (negS === "easy") n = argBest(ns, (j) => -c(i, j));
    }
    if (posS === "all") {
      for (const j of ps) pos.push(`${i},${j}`);
      if (n >= 0) neg.push(`${i},${n}`);
    } else if (negS === "all") {
      if (p >= 0) pos.push(`${i},${p}`);
      for (const j of ns) neg.push(`${i},${j}`);
    } else if (p >= 0 && n >= 0) {
      pos.push(`${i},${p}`);
      neg.push(`${i},${n}`);
    }
  }
  return { pos: pos.sort(), neg: neg.sort() };
}

const COMBOS: [EasyHardStrategy, EasyHardStrategy][] = [
  ["easy", "semihard"],
  ["easy", "hard"],
  ["easy", "easy"],
  ["hard", "hard"],
  ["hard", "semihard"],
  ["semihard", "hard"],
  ["semihard", "easy"],
  ["all", "hard"],
  ["easy", "all"],
];

describe("BatchEasyHardMiner", () => {
  it("finds the known easy positive and semihard negative at known angles", () => {
    // class 0 at 0, 20, 70; class 1 at 50, 180. Anchor 0: easiest positive 20 (1);
    // semihard negative = closest negative farther than 20deg -> 50deg (3).
    const emb = tf.tensor2d(atAngles([0, 20, 70, 50, 180]));
    const pairs = new BatchEasyHardMiner().mine(emb, [0, 0, 0, 1, 1]);
    const i = Array.from(pairs.a1).indexOf(0);
    expect(pairs.p[i]).toBe(1);
    expect(pairs.n[Array.from(pairs.a2).indexOf(0)]).toBe(3);
    emb.dispose();
  });

  it("matches the loop reference for every strategy combination on random batches", () => {
    for (const kind of ["l2", "cos"] as const) {
      const q = randomEmbeddings(kind === "l2" ? 11 : 12, 20, 5);
      const labels = randomLabels(3, 20, 4);
      const emb = tf.tensor2d(q);
      for (const [posStrategy, negStrategy] of COMBOS) {
        const miner = new BatchEasyHardMiner({
          posStrategy,
          negStrategy,
          distance: kind === "cos" ? new CosineSimilarity() : new LpDistance(),
        });
        expect(pairSets(miner.mine(emb, labels))).toEqual(
          refEasyHard(q, labels, kind, posStrategy, negStrategy),
        );
      }
      emb.dispose();
    }
  });

  it("applies allowed ranges", () => {
    const q = randomEmbeddings(13, 16, 4);
    const emb = tf.tensor2d(q);
    const labels = randomLabels(5, 16, 3);
    const mat = refMatrix(q, q, "l2");
    const pairs = new BatchEasyHardMiner({
      posStrategy: "all",
      negStrategy: "hard",
      allowedPosRange: [0.5, 1.2],
      allowedNegRange: [0.8, 2],
    }).mine(emb, labels);
    expect(pairs.a1.length).toBeGreaterThan(0);
    pairs.a1.forEach((a, k) => {
      const d = mat[a]![pairs.p[k]!]!;
      expect(d >= 0.5 - 1e-5 && d <= 1.2 + 1e-5).toBe(true);
    });
    pairs.a2.forEach((a, k) => {
      expect(mat[a]![pairs.n[k]!]!).toBeGreaterThanOrEqual(0.8 - 1e-5);
    });
    emb.dispose();
  });

  it("rejects strategy combinations that have no meaning", () => {
    for (const [posStrategy, negStrategy] of [
      ["semihard", "semihard"],
      ["all", "all"],
      ["all", "semihard"],
    ] as const) {
      expect(() => new BatchEasyHardMiner({ posStrategy, negStrategy })).toThrow(
        MetricLearningError,
      );
    }
  });

  it("returns empty pairs when all labels are equal", () => {
    const emb = tf.tensor2d(randomEmbeddings(14, 6, 3));
    const pairs = new BatchEasyHardMiner().mine(emb, [1, 1, 1, 1, 1, 1]);
    expect(pairs.a1.length + pairs.a2.length).toBe(0);
    emb.dispose();
  });
});
