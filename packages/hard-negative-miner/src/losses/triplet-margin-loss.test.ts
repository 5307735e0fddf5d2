import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  atAngles,
  avgNonZero,
  checkGradient,
  expectScalarClose,
  inverted,
  isNeg,
  isPos,
  type Kind,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { BatchHardMiner } from "../miners/batch-hard-miner.js";
import { MeanReducer } from "../reducers/mean-reducer.js";
import { TripletMarginLoss } from "./triplet-margin-loss.js";

function refTripletLoss(
  q: number[][],
  labels: number[],
  kind: Kind,
  margin: number,
  smooth = false,
  triplets?: [number, number, number][],
) {
  const mat = refMatrix(q, q, kind);
  const inv = inverted(kind);
  const all: [number, number, number][] = [];
  if (!triplets) {
    for (let a = 0; a < q.length; a++)
      for (let p = 0; p < q.length; p++)
        for (let n = 0; n < q.length; n++)
          if (isPos(labels, labels, true, a, p) && isNeg(labels, labels, a, n)) all.push([a, p, n]);
  }
  const losses = (triplets ?? all).map(([a, p, n]) => {
    const ap = mat[a]![p]!;
    const an = mat[a]![n]!;
    const v = (inv ? an - ap : ap - an) + margin;
    return smooth ? Math.log1p(Math.exp(v)) : Math.max(0, v);
  });
  return losses;
}

describe("TripletMarginLoss", () => {
  it("equals the hand-computed value for embeddings at known angles", () => {
    // anchor 0deg, positive 90deg, negative 60deg: unit-circle chord lengths 2 sin(angle/2)
    const emb = tf.tensor2d(atAngles([0, 90, 60]));
    const labels = [0, 0, 1];
    const indices = {
      anchors: new Int32Array([0]),
      positives: new Int32Array([1]),
      negatives: new Int32Array([2]),
    };
    const loss = new TripletMarginLoss({ margin: 0.1 }).compute(emb, labels, indices);
    expectScalarClose(loss, 2 * Math.sin(Math.PI / 4) - 2 * Math.sin(Math.PI / 6) + 0.1);
    tf.dispose([emb, loss]);
  });

  it("matches the loop reference over all triplets on random batches (L2, cosine, soft margin)", () => {
    for (const [seed, kind, margin, smooth] of [
      [31, "l2", 0.05, false],
      [32, "l2", 0.5, false],
      [33, "cos", 0.2, false],
      [34, "l2", 0.05, true],
    ] as const) {
      const q = randomEmbeddings(seed, 14, 5);
      const labels = randomLabels(seed, 14, 3);
      const emb = tf.tensor2d(q);
      const loss = new TripletMarginLoss({
        margin,
        smoothLoss: smooth,
        ...(kind === "cos" ? { distance: new CosineSimilarity() } : {}),
      }).compute(emb, labels);
      expectScalarClose(loss, avgNonZero(refTripletLoss(q, labels, kind, margin, smooth)));
      tf.dispose([emb, loss]);
    }
  });

  it("uses mined triplets and honours the reducer", () => {
    const q = randomEmbeddings(35, 16, 4);
    const labels = randomLabels(35, 16, 4);
    const emb = tf.tensor2d(q);
    const t = new BatchHardMiner().mine(emb, labels);
    const triplets = Array.from(t.anchors, (a, i) => [a, t.positives[i]!, t.negatives[i]!]) as [
      number,
      number,
      number,
    ][];
    const loss = new TripletMarginLoss({ margin: 0.3, reducer: new MeanReducer() }).compute(
      emb,
      labels,
      t,
    );
    const ref = refTripletLoss(q, labels, "l2", 0.3, false, triplets);
    expectScalarClose(loss, ref.reduce((s, v) => s + v, 0) / ref.length);
    tf.dispose([emb, loss]);
  });

  it("swap uses the positive-negative distance when it is smaller", () => {
    // anchor at 0, positive at 100, negative at 120: d(p, n) < d(a, n)
    const emb = tf.tensor2d(atAngles([0, 100, 120]));
    const indices = {
      anchors: new Int32Array([0]),
      positives: new Int32Array([1]),
      negatives: new Int32Array([2]),
    };
    const chord = (deg: number) => 2 * Math.sin((deg * Math.PI) / 360);
    const loss = new TripletMarginLoss({ margin: 0.05, swap: true }).compute(
      emb,
      [0, 0, 1],
      indices,
    );
    expectScalarClose(loss, chord(100) - chord(20) + 0.05);
    tf.dispose([emb, loss]);
  });

  it("is 0, not NaN, without valid triplets (single-member classes, all labels equal)", () => {
    const emb = tf.tensor2d(randomEmbeddings(36, 4, 3));
    for (const labels of [
      [0, 1, 2, 3],
      [5, 5, 5, 5],
    ]) {
      const loss = new TripletMarginLoss().compute(emb, labels);
      expect(loss.dataSync()[0]).toBe(0);
      const g = tf.grad((x: tf.Tensor) =>
        new TripletMarginLoss().compute(x as tf.Tensor2D, labels),
      )(emb);
      expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
      tf.dispose([loss, g]);
    }
    emb.dispose();
  });

  it("has gradients that match finite differences", () => {
    const x = randomEmbeddings(37, 6, 3);
    const labels = [0, 0, 1, 1, 2, 2];
    checkGradient((e) => new TripletMarginLoss({ margin: 0.5 }).compute(e, labels), x);
    checkGradient(
      (e) => new TripletMarginLoss({ margin: 0.2, smoothLoss: true }).compute(e, labels),
      x,
    );
  });
});
