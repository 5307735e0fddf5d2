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
  tripletSet,
} from "../../test/reference.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { LpDistance } from "../distances/lp-distance.js";
import { MetricLearningError } from "../errors.js";
import { PairMarginMiner } from "./pair-margin-miner.js";
import { type TypeOfTriplets, TripletMarginMiner } from "./triplet-margin-miner.js";

function refTripletMargin(
  q: number[][],
  labels: number[],
  kind: Kind,
  margin: number,
  type: TypeOfTriplets,
) {
  const mat = refMatrix(q, q, kind);
  const inv = inverted(kind);
  const out: string[] = [];
  for (let a = 0; a < q.length; a++)
    for (let p = 0; p < q.length; p++)
      for (let n = 0; n < q.length; n++) {
        if (!isPos(labels, labels, true, a, p) || !isNeg(labels, labels, a, n)) continue;
        const gap = inv ? mat[a]![p]! - mat[a]![n]! : mat[a]![n]! - mat[a]![p]!;
        const ok =
          type === "easy"
            ? gap > margin
            : gap <= margin && (type === "all" || (type === "hard" ? gap <= 0 : gap > 0));
        if (ok) out.push(`${a},${p},${n}`);
      }
  return out.sort();
}

describe("TripletMarginMiner", () => {
  it("sorts known triplets into hard, semihard and easy", () => {
    // anchor 0deg; positive 40deg; negatives at 30deg (hard), 45deg (semihard), 150deg (easy)
    const emb = tf.tensor2d(atAngles([0, 40, 30, 45, 150]));
    const labels = [0, 0, 1, 1, 1];
    const from0 = (type: TypeOfTriplets) =>
      tripletSet(
        new TripletMarginMiner({ margin: 0.2, typeOfTriplets: type }).mine(emb, labels),
      ).filter((s) => s.startsWith("0,"));
    expect(from0("hard")).toEqual(["0,1,2"]);
    expect(from0("semihard")).toEqual(["0,1,3"]);
    expect(from0("easy")).toEqual(["0,1,4"]);
    expect(from0("all")).toEqual(["0,1,2", "0,1,3"]);
    emb.dispose();
  });

  it("matches the loop reference for every type, cosine and Euclidean", () => {
    for (const kind of ["l2", "cos"] as const) {
      const q = randomEmbeddings(kind === "l2" ? 151 : 152, 14, 4);
      const labels = randomLabels(15, 14, 3);
      const emb = tf.tensor2d(q);
      for (const type of ["all", "hard", "semihard", "easy"] as const) {
        const miner = new TripletMarginMiner({
          margin: 0.3,
          typeOfTriplets: type,
          distance: kind === "cos" ? new CosineSimilarity() : new LpDistance(),
        });
        expect(tripletSet(miner.mine(emb, labels))).toEqual(
          refTripletMargin(q, labels, kind, 0.3, type),
        );
      }
      emb.dispose();
    }
  });

  it("returns no triplet when none is valid and rejects unknown types", () => {
    const emb = tf.tensor2d(randomEmbeddings(153, 4, 3));
    expect(new TripletMarginMiner().mine(emb, [0, 1, 2, 3]).anchors.length).toBe(0);
    expect(new TripletMarginMiner().mine(emb, [1, 1, 1, 1]).anchors.length).toBe(0);
    expect(() => new TripletMarginMiner({ typeOfTriplets: "medium" as TypeOfTriplets })).toThrow(
      MetricLearningError,
    );
    emb.dispose();
  });
});

describe("PairMarginMiner", () => {
  it("matches the loop reference on random batches", () => {
    for (const [kind, pm, nm] of [
      ["l2", 0.2, 0.8],
      ["l2", 1, 1.3],
      ["cos", 0.6, 0.1],
    ] as const) {
      const q = randomEmbeddings(161, 15, 4);
      const labels = randomLabels(161, 15, 3);
      const emb = tf.tensor2d(q);
      const mat = refMatrix(q, q, kind);
      const inv = inverted(kind);
      const pos: string[] = [];
      const neg: string[] = [];
      for (let i = 0; i < 15; i++)
        for (let j = 0; j < 15; j++) {
          const v = mat[i]![j]!;
          if (isPos(labels, labels, true, i, j) && (inv ? v < pm : v > pm)) pos.push(`${i},${j}`);
          if (isNeg(labels, labels, i, j) && (inv ? v > nm : v < nm)) neg.push(`${i},${j}`);
        }
      const miner = new PairMarginMiner({
        posMargin: pm,
        negMargin: nm,
        ...(kind === "cos" ? { distance: new CosineSimilarity() } : {}),
      });
      expect(pairSets(miner.mine(emb, labels))).toEqual({ pos: pos.sort(), neg: neg.sort() });
      emb.dispose();
    }
  });
});
