import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  checkGradient,
  expectScalarClose,
  isNeg,
  isPos,
  mean,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { HardNegativeContrastiveLoss } from "./hard-negative-contrastive-loss.js";
import { NTXentLoss } from "./ntxent-loss.js";

/** Robinson et al.'s formula in float64, straight from their reference code. */
function refHCL(q: number[][], labels: number[], t: number, beta: number, tauPlus: number) {
  const s = refMatrix(q, q, "cos");
  const losses: number[] = [];
  for (let a = 0; a < q.length; a++) {
    const negs: number[] = [];
    for (let j = 0; j < q.length; j++)
      if (isNeg(labels, labels, a, j)) negs.push(Math.exp(s[a]![j]! / t));
    if (negs.length === 0) continue;
    const n = negs.length;
    for (let p = 0; p < q.length; p++) {
      if (!isPos(labels, labels, true, a, p)) continue;
      const pos = Math.exp(s[a]![p]! / t);
      const imp = negs.map((x) => Math.exp(beta * Math.log(x)));
      const reweight = imp.reduce((acc, w, k) => acc + w * negs[k]!, 0) / mean(imp);
      let ng = (-tauPlus * n * pos + reweight) / (1 - tauPlus);
      ng = Math.max(ng, n * Math.exp(-1 / t));
      losses.push(-Math.log(pos / (pos + ng)));
    }
  }
  return mean(losses);
}

describe("HardNegativeContrastiveLoss", () => {
  it("matches the loop reference on random batches", () => {
    for (const [seed, t, beta, tau] of [
      [141, 0.5, 1, 0.1],
      [142, 0.2, 0.5, 0.05],
      [143, 0.5, 2, 0.3],
    ] as const) {
      const q = randomEmbeddings(seed, 16, 4);
      const labels = randomLabels(seed, 16, 3);
      const emb = tf.tensor2d(q);
      const loss = new HardNegativeContrastiveLoss({ temperature: t, beta, tauPlus: tau }).compute(
        emb,
        labels,
      );
      expectScalarClose(loss, refHCL(q, labels, t, beta, tau));
      tf.dispose([emb, loss]);
    }
  });

  it("with beta = 0 and tau+ = 0 reduces to NT-Xent", () => {
    const emb = tf.tensor2d(randomEmbeddings(144, 12, 4));
    const labels = randomLabels(144, 12, 3);
    const hcl = new HardNegativeContrastiveLoss({ temperature: 0.3, beta: 0, tauPlus: 0 }).compute(
      emb,
      labels,
    );
    const nt = new NTXentLoss({ temperature: 0.3 }).compute(emb, labels);
    expectScalarClose(hcl, nt.dataSync()[0]!);
    tf.dispose([emb, hcl, nt]);
  });

  it("is 0, not NaN, without negatives or positives", () => {
    const emb = tf.tensor2d(randomEmbeddings(145, 4, 3));
    for (const labels of [
      [0, 1, 2, 3],
      [7, 7, 7, 7],
    ]) {
      const loss = new HardNegativeContrastiveLoss().compute(emb, labels);
      expect(loss.dataSync()[0]).toBe(0);
      loss.dispose();
    }
    emb.dispose();
  });

  it("keeps gradients finite when some anchors have no negatives", () => {
    // rows 0-1 are label 0 and only see label 0 through the mined pairs: no negatives
    const x = tf.variable(
      tf.tensor2d([
        [1, 0],
        [0.9, 0.1],
        [0, 1],
        [0.1, 0.9],
      ]),
    );
    const loss = new HardNegativeContrastiveLoss();
    const labels = [0, 0, 1, 1];
    const indices = {
      a1: Int32Array.from([0, 1, 2, 3]),
      p: Int32Array.from([1, 0, 3, 2]),
      a2: Int32Array.from([2, 3]),
      n: Int32Array.from([0, 1]),
    };
    const { value, grads } = tf.variableGrads(() => loss.compute(x, labels, indices), [x]);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    expect([...(grads[x.name] as tf.Tensor).dataSync()].every(Number.isFinite)).toBe(true);
    tf.dispose([value, x, ...Object.values(grads)]);
  });

  it("has gradients that match finite differences", () => {
    checkGradient(
      (e) => new HardNegativeContrastiveLoss({ tauPlus: 0.05 }).compute(e, [0, 0, 1, 1, 2, 2]),
      randomEmbeddings(146, 6, 3),
    );
  });
});
