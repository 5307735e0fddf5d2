import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { expectClose } from "../kernels/kernel-test-utils.js";
import { labelSoftmaxCrossEntropy } from "./label-softmax-cross-entropy.js";
import { maskedSoftmaxCrossEntropy } from "./masked-softmax-cross-entropy.js";

/** The same loss through the mask-based op: targets 1/P on same-label columns, excluded columns invalid. */
function throughMasks(
  x: tf.Tensor2D,
  rowLabels: Int32Array,
  colLabels: Int32Array,
  exclude: Int32Array | null,
  scale: number,
): tf.Tensor1D {
  const [n, m] = x.shape;
  const valid = new Float32Array(n * m).fill(1);
  const targets = new Float32Array(n * m);
  for (let i = 0; i < n; i++) {
    if (exclude && exclude[i]! >= 0) valid[i * m + exclude[i]!] = 0;
    let count = 0;
    for (let j = 0; j < m; j++) if (colLabels[j] === rowLabels[i] && valid[i * m + j]) count++;
    for (let j = 0; j < m; j++)
      if (colLabels[j] === rowLabels[i] && valid[i * m + j]) targets[i * m + j] = 1 / count;
  }
  return maskedSoftmaxCrossEntropy(x, targets, valid, { scale });
}

const ints = (values: number[]) => Int32Array.from(values);

describe("labelSoftmaxCrossEntropy", () => {
  const cases: [string, number, number, boolean, number][] = [
    ["self-similarity, excluded diagonal", 9, 9, true, 10],
    ["query vs reference, no exclusion", 7, 12, false, -3],
    ["query vs reference, some rows excluded", 6, 11, true, 1],
  ];
  for (const [name, n, m, withExclude, scale] of cases) {
    it(`matches the mask-based op, value and gradient (${name})`, () => {
      const rowLabels = ints(Array.from({ length: n }, (_, i) => (i * 7) % 4));
      rowLabels[n - 1] = 99; // a row with no same-label column
      const colLabels = ints(Array.from({ length: m }, (_, j) => (j * 5) % 4));
      const exclude = withExclude
        ? ints(Array.from({ length: n }, (_, i) => (n === m ? i : i % 2 ? -1 : (i * 3) % m)))
        : null;
      const x = tf.randomNormal([n, m], 0, 1, "float32", n + m) as tf.Tensor2D;
      const w = tf.randomUniform([n], 0.5, 2, "float32", 3);
      const ours = labelSoftmaxCrossEntropy(x, rowLabels, colLabels, { scale, exclude });
      const theirs = throughMasks(x, rowLabels, colLabels, exclude, scale);
      expectClose(ours.dataSync() as Float32Array, theirs.dataSync() as Float32Array);
      expect(ours.dataSync()[n - 1]).toBe(0);
      const g1 = tf.grad((a: tf.Tensor) =>
        tf.sum(
          tf.mul(
            labelSoftmaxCrossEntropy(a as tf.Tensor2D, rowLabels, colLabels, { scale, exclude }),
            w,
          ),
        ),
      )(x);
      const g2 = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(throughMasks(a as tf.Tensor2D, rowLabels, colLabels, exclude, scale), w)),
      )(x);
      expectClose(g1.dataSync() as Float32Array, g2.dataSync() as Float32Array);
      tf.dispose([x, w, ours, theirs, g1, g2]);
    });
  }

  it("leaves no tensors behind and rejects mismatched sizes with a typed error", () => {
    const x = tf.randomNormal([3, 3]) as tf.Tensor2D;
    const labels = ints([0, 0, 1]);
    const before = tf.memory().numTensors;
    tf.dispose(
      tf.grad((a: tf.Tensor) => tf.sum(labelSoftmaxCrossEntropy(a as tf.Tensor2D, labels, labels)))(
        x,
      ),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(() => labelSoftmaxCrossEntropy(x, ints([0, 1]), labels)).toThrow(
      expect.objectContaining({ code: "INVALID_ATTRIBUTE" }),
    );
    expect(() => labelSoftmaxCrossEntropy(x, labels, labels, { scale: Number.NaN })).toThrow(
      expect.objectContaining({ code: "INVALID_OPTION" }),
    );
    x.dispose();
  });
});
