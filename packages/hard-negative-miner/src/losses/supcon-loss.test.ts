import { registerFastCpuKernels, unregisterFastCpuKernels } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { afterEach, describe, expect, it } from "vitest";
import {
  atAngles,
  avgNonZero,
  checkGradient,
  expectScalarClose,
  isNeg,
  isPos,
  logSumExp,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { DotProductSimilarity } from "../distances/dot-product-similarity.js";
import { LpDistance } from "../distances/lp-distance.js";
import { SupConLoss } from "./supcon-loss.js";

/** Per-row SupCon in float64: -mean over positives of log softmax over positives and negatives. */
function refSupConRows(q: number[][], labels: number[], t: number, kind: "cos" | "l2" = "cos") {
  const mat = refMatrix(q, q, kind);
  return q.map((_, i) => {
    const s = (j: number) => (kind === "cos" ? mat[i]![j]! : -mat[i]![j]!) / t;
    const pos: number[] = [];
    const denomTerms: number[] = [];
    for (let j = 0; j < q.length; j++) {
      const p = isPos(labels, labels, true, i, j);
      if (p) pos.push(j);
      if (p || isNeg(labels, labels, i, j)) denomTerms.push(s(j));
    }
    if (pos.length === 0) return 0;
    const denom = logSumExp(denomTerms, false);
    return -pos.reduce((acc, j) => acc + (s(j) - denom), 0) / pos.length;
  });
}

describe("SupConLoss", () => {
  it("equals the hand-computed value at known angles", () => {
    // anchor 0deg with positive 60deg and negative 180deg, temperature 1
    const emb = tf.tensor2d(atAngles([0, 60, 180]));
    const loss = new SupConLoss({ temperature: 1 }).compute(emb, [0, 0, 1]);
    const rowA = -(0.5 - Math.log(Math.exp(0.5) + Math.exp(-1)));
    // row 1 (60deg): positive 0deg (cos 60), negative 180deg (cos 120)
    const rowB = -(0.5 - Math.log(Math.exp(0.5) + Math.exp(-0.5)));
    expectScalarClose(loss, (rowA + rowB) / 2);
    tf.dispose([emb, loss]);
  });

  it("matches the loop reference on random batches", () => {
    for (const [seed, t, kind] of [
      [41, 0.1, "cos"],
      [42, 0.5, "cos"],
      [43, 0.3, "l2"],
    ] as const) {
      const q = randomEmbeddings(seed, 20, 6);
      const labels = randomLabels(seed, 20, 4);
      const emb = tf.tensor2d(q);
      const loss = new SupConLoss({
        temperature: t,
        ...(kind === "l2" ? { distance: new LpDistance() } : {}),
      }).compute(emb, labels);
      expectScalarClose(loss, avgNonZero(refSupConRows(q, labels, t, kind)));
      tf.dispose([emb, loss]);
    }
  });

  it("is 0, not NaN, for single-member classes only or all labels equal", () => {
    const emb = tf.tensor2d(randomEmbeddings(44, 5, 3));
    for (const labels of [
      [0, 1, 2, 3, 4],
      [1, 1, 1, 1, 1],
    ]) {
      const loss = new SupConLoss().compute(emb, labels);
      expect(loss.dataSync()[0]).toBe(0);
      loss.dispose();
    }
    emb.dispose();
  });

  it("has gradients that match finite differences", () => {
    checkGradient(
      (e) => new SupConLoss({ temperature: 0.5 }).compute(e, [0, 0, 1, 1, 2, 0]),
      randomEmbeddings(45, 6, 3),
    );
  });
});

// The host path of a batch against itself runs the symmetric fused op (one product each way);
// the device path the tensor-op formula. Both must agree under every cpu kernel set.
describe.each([
  ["tfjs kernels", null],
  ["JS kernels", { onnxruntime: false as const }],
  ["onnxruntime when installed", { onnxruntime: "auto" as const, minOnnxMacs: 0, threads: 1 }],
])("SupConLoss host path equals the device path (%s)", (_label, options) => {
  afterEach(unregisterFastCpuKernels);

  const cases = [
    ["cosine", () => ({})],
    ["unnormalized dot product", () => ({ distance: new DotProductSimilarity() })],
  ] as const;
  for (const [name, distance] of cases) {
    it(`${name}: value and gradient, self batch and the batch given as its own reference`, () => {
      if (options) registerFastCpuKernels(options);
      const emb = tf.tensor2d(randomEmbeddings(46, 70, 8));
      const labels = randomLabels(46, 70, 5);
      for (const withRef of [false, true]) {
        const [host, device] = (["host", "device"] as const).map((path) => {
          const loss = new SupConLoss({ temperature: 0.2, path, ...distance() });
          const f = (e: tf.Tensor) =>
            withRef
              ? loss.compute(e as tf.Tensor2D, labels, null, e as tf.Tensor2D, labels)
              : loss.compute(e as tf.Tensor2D, labels);
          const { value, grad } = tf.valueAndGrad(f)(emb);
          const out = { value: value.dataSync()[0]!, grad: Float32Array.from(grad.dataSync()) };
          tf.dispose([value, grad]);
          return out;
        });
        expect(Math.abs(host!.value - device!.value)).toBeLessThan(1e-5 * (1 + device!.value));
        let worst = 0;
        for (let k = 0; k < device!.grad.length; k++) {
          const err = Math.abs(host!.grad[k]! - device!.grad[k]!);
          worst = Math.max(worst, err / Math.max(1, Math.abs(device!.grad[k]!)));
        }
        expect(worst).toBeLessThan(1e-5);
      }
      emb.dispose();
    });
  }
});
