import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { atAngles, randomEmbeddings, refMatrix } from "../../test/reference.js";
import { MetricLearningError } from "../errors.js";
import { CosineSimilarity } from "./cosine-similarity.js";
import { DotProductSimilarity } from "./dot-product-similarity.js";
import { LpDistance } from "./lp-distance.js";

function expectMatrixClose(actual: tf.Tensor2D, expected: number[][], tol = 1e-5) {
  const a = actual.arraySync();
  expect(a.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    for (let j = 0; j < expected[i]!.length; j++) {
      expect(Math.abs(a[i]![j]! - expected[i]![j]!)).toBeLessThanOrEqual(tol);
    }
  }
}

describe("distances", () => {
  it("cosine similarity of vectors at known angles is the cosine of their angle difference", () => {
    const emb = tf.tensor2d(atAngles([0, 60, 90, 180]));
    const sim = new CosineSimilarity().matrix(emb);
    const deg = [0, 60, 90, 180];
    expectMatrixClose(
      sim,
      deg.map((a) => deg.map((b) => Math.cos(((a - b) * Math.PI) / 180))),
    );
    expect(new CosineSimilarity().isInverted).toBe(true);
    tf.dispose([emb, sim]);
  });

  it("matches the loop reference on random inputs for every distance, query vs reference", () => {
    const q = randomEmbeddings(1, 7, 5);
    const r = randomEmbeddings(2, 4, 5).map((row) => row.map((x) => 3 * x));
    const qt = tf.tensor2d(q);
    const rt = tf.tensor2d(r);
    const cases: [string, () => tf.Tensor2D, number[][]][] = [
      ["cos", () => new CosineSimilarity().matrix(qt, rt), refMatrix(q, r, "cos")],
      ["dot", () => new DotProductSimilarity().matrix(qt, rt), refMatrix(q, r, "dot")],
      ["l2", () => new LpDistance().matrix(qt, rt), refMatrix(q, r, "l2")],
      ["l2sq", () => new LpDistance({ squared: true }).matrix(qt, rt), refMatrix(q, r, "l2sq")],
    ];
    for (const [, compute, expected] of cases) {
      const m = compute();
      expectMatrixClose(m, expected);
      m.dispose();
    }
    // unnormalized p = 1, p = 3 and p = Infinity against plain loops
    for (const p of [1, 3, Infinity]) {
      const m = new LpDistance({ p, normalizeEmbeddings: false }).matrix(qt, rt);
      const expected = q.map((a) =>
        r.map((b) => {
          const diffs = a.map((x, k) => Math.abs(x - b[k]!));
          if (p === Infinity) return Math.max(...diffs);
          return diffs.reduce((s, d) => s + d ** p, 0) ** (1 / p);
        }),
      );
      expectMatrixClose(m, expected, 1e-4);
      m.dispose();
    }
    tf.dispose([qt, rt]);
  });

  it("matrixData (host loops on the cpu backend) equals the tensor matrix", () => {
    const q = tf.tensor2d(randomEmbeddings(9, 9, 6));
    const r = tf.tensor2d(randomEmbeddings(10, 5, 6));
    const distances = [
      new CosineSimilarity(),
      new DotProductSimilarity(),
      new LpDistance(),
      new LpDistance({ squared: true }),
      new LpDistance({ p: 1, normalizeEmbeddings: false }),
      new LpDistance({ p: 3, power: 2 }),
      new LpDistance({ p: Infinity }),
    ];
    for (const d of distances) {
      for (const [a, b] of [
        [q, q],
        [q, r],
      ] as const) {
        const host = d.matrixData(a, b);
        const mat = d.matrix(a, b);
        const dev = mat.dataSync();
        expect(host.length).toBe(dev.length);
        for (let i = 0; i < host.length; i++)
          expect(Math.abs(host[i]! - dev[i]!)).toBeLessThan(1e-4);
        mat.dispose();
      }
    }
    tf.dispose([q, r]);
  });

  it("pairwise equals the diagonal of the matrix", () => {
    const a = tf.tensor2d(randomEmbeddings(3, 6, 4));
    const b = tf.tensor2d(randomEmbeddings(4, 6, 4));
    for (const d of [new CosineSimilarity(), new LpDistance(), new LpDistance({ p: 1 })]) {
      const diag = tf.tidy(() => tf.sum(tf.mul(d.matrix(a, b), tf.eye(6)), 1));
      const pw = d.pairwise(a, b);
      const x = diag.dataSync();
      const y = pw.dataSync();
      for (let i = 0; i < 6; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-5);
      tf.dispose([diag, pw]);
    }
    tf.dispose([a, b]);
  });

  it("Euclidean distance has finite gradients at zero distance (self-pairs, duplicates)", () => {
    const x = tf.tensor2d([
      [1, 2],
      [1, 2],
      [0, 0],
    ]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(new LpDistance().matrix(v as tf.Tensor2D)))(x);
    expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, g]);
  });

  it("rejects bad options with a code naming the option", () => {
    expect(() => new LpDistance({ p: 0.5 })).toThrow(MetricLearningError);
    try {
      new LpDistance({ squared: true, power: 3 });
    } catch (e) {
      expect((e as MetricLearningError).code).toBe("INVALID_OPTION");
      expect((e as MetricLearningError).argument).toBe("squared");
    }
  });
});
