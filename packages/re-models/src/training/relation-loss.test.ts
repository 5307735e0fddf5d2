import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureGradientsRegistered } from "./gradients.js";
import { relationPairLoss, typeOnlyLoss } from "./relation-loss.js";

const logSumExp = (xs: number[]) => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

// rows: [None, A, B, C]
const rows = [
  [0.5, 2.0, -1.0, 0.3],
  [1.0, -0.5, 0.2, 3.0],
  [-0.2, 0.1, 0.4, -1.5],
];
const labels = Int32Array.from([1, 0, 3]);

const lossOf = (kind: "softmax" | "adaptive-threshold", logits = rows, ids = labels) =>
  tf.tidy(() => Array.from(relationPairLoss(tf.tensor2d(logits), ids, kind).dataSync()));

describe("relationPairLoss", () => {
  beforeAll(async () => {
    ensureGradientsRegistered();
    await tf.setBackend("cpu");
  });

  it("softmax is the cross-entropy of the gold label", () => {
    const got = lossOf("softmax");
    rows.forEach((row, p) => {
      const y = labels[p] as number;
      expect(got[p]).toBeCloseTo(logSumExp(row) - (row[y] as number), 5);
    });
  });

  it("adaptive threshold: gold type vs None, then None vs the other types", () => {
    const got = lossOf("adaptive-threshold");
    const [r0, r1, r2] = rows as [number[], number[], number[]];
    // pair 0, gold A: −log σ(A − None) + −log softmax_{None,B,C}(None)
    const expected0 =
      logSumExp([r0[1] as number, r0[0] as number]) -
      (r0[1] as number) +
      logSumExp([r0[0] as number, r0[2] as number, r0[3] as number]) -
      (r0[0] as number);
    expect(got[0]).toBeCloseTo(expected0, 5);
    // pair 1, None: plain cross-entropy to None over every label
    expect(got[1]).toBeCloseTo(logSumExp(r1) - (r1[0] as number), 5);
    // pair 2, gold C
    const expected2 =
      logSumExp([r2[3] as number, r2[0] as number]) -
      (r2[3] as number) +
      logSumExp([r2[0] as number, r2[1] as number, r2[2] as number]) -
      (r2[0] as number);
    expect(got[2]).toBeCloseTo(expected2, 5);
  });

  it("adaptive threshold does not push the gold type above the other types, only above None", () => {
    // gold A sits above None but below B: the loss gradient on A vs B differs from softmax's
    const logits = [[0, 1, 5, -3]];
    const ids = Int32Array.from([1]);
    const grad = (kind: "softmax" | "adaptive-threshold") =>
      tf.tidy(() =>
        Array.from(
          tf
            .grad((x: tf.Tensor) => tf.sum(relationPairLoss(x as tf.Tensor2D, ids, kind)))(
              tf.tensor2d(logits),
            )
            .dataSync(),
        ),
      );
    const atlop = grad("adaptive-threshold");
    // raising B only matters through L2 (None vs B): B is pushed down, None up
    expect(atlop[2]).toBeGreaterThan(0);
    expect(atlop[0]).toBeLessThan(0);
    // the gradients sum to zero per softmax, so per pair too
    expect(atlop.reduce((s, g) => s + g, 0)).toBeCloseTo(0, 5);
    // masked-out logits (a type mask's −1e4) stay finite and get no gradient
    const masked = tf.tidy(() =>
      Array.from(
        tf
          .grad((x: tf.Tensor) =>
            tf.sum(relationPairLoss(x as tf.Tensor2D, ids, "adaptive-threshold")),
          )(tf.tensor2d([[0, 1, 5, -1e4]]))
          .dataSync(),
      ),
    );
    expect(masked.every(Number.isFinite)).toBe(true);
    expect(masked[3]).toBeCloseTo(0, 6);
  });

  it("label smoothing spreads ε over the allowed labels only, and ε = 0 is plain cross-entropy", () => {
    const epsilon = 0.2;
    // pair 0 may take None, A, B (C masked); pairs 1 and 2 every label
    const allowed = Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const got = tf.tidy(() =>
      Array.from(
        relationPairLoss(tf.tensor2d(rows), labels, "softmax", { epsilon, allowed }).dataSync(),
      ),
    );
    rows.forEach((row, p) => {
      const y = labels[p] as number;
      const z = logSumExp(row);
      const labelsAllowed = row.map((_, k) => allowed[p * 4 + k] as number);
      const count = labelsAllowed.reduce((a, b) => a + b, 0);
      const expected = row.reduce(
        (sum, x, k) =>
          sum +
          ((k === y ? 1 - epsilon : 0) + ((labelsAllowed[k] as number) * epsilon) / count) *
            (z - x),
        0,
      );
      expect(got[p]).toBeCloseTo(expected, 5);
    });
    // a masked type (−1e4) gets no target mass, so the loss stays of the order of the others
    const masked = tf.tidy(() =>
      Array.from(
        relationPairLoss(tf.tensor2d([[0, 1, 5, -1e4]]), Int32Array.from([1]), "softmax", {
          epsilon,
          allowed: Uint8Array.from([1, 1, 1, 0]),
        }).dataSync(),
      ),
    );
    expect(masked[0]).toBeLessThan(10);
    const off = tf.tidy(() =>
      Array.from(relationPairLoss(tf.tensor2d(rows), labels, "softmax", { epsilon: 0 }).dataSync()),
    );
    expect(off).toEqual(lossOf("softmax"));
  });
});

describe("typeOnlyLoss", () => {
  // rows: [None, A, B, C]
  const typeRows = [
    [5.0, 2.0, -1.0, 0.3],
    [1.0, -0.5, 0.2, 3.0],
    [-0.2, 0.1, 0.4, -1e4], // C masked for this pair
  ];
  const value = (labels: number[]) =>
    tf.tidy(() => typeOnlyLoss(tf.tensor2d(typeRows), Int32Array.from(labels)).dataSync()[0]);

  it("is the mean over related pairs of the gold type's cross-entropy over the types alone", () => {
    const types = (r: number[]) => r.slice(1);
    const first = logSumExp(types(typeRows[0] as number[])) - 2.0; // gold A; None's 5.0 plays no part
    const third = logSumExp(types(typeRows[2] as number[])) - 0.4; // gold B
    expect(value([1, 0, 2])).toBeCloseTo((first + third) / 2, 5);
  });

  it("is 0 for a batch without related pairs", () => {
    expect(value([0, 0, 0])).toBe(0);
  });
});
