import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import { segmentLogSumExp, segmentLogSumExpReference } from "./segment-log-sum-exp.js";

/** Segment ids for B·N rows: a few segments per batch row, some rows in none, one empty segment. */
function segments(batch: number, rows: number, count: number, seed: number): Int32Array {
  return Int32Array.from({ length: batch * rows }, (_, i) => {
    const n = i % rows;
    if ((n * 7 + seed) % 5 === 0) return -1; // in no segment (padding, cut-off mentions)
    return (Math.floor(n / 3) + seed) % (count - 1); // the last segment stays empty
  });
}

describe("segmentLogSumExp", () => {
  const cases: [number, number, number, number][] = [
    [1, 4, 2, 3],
    [2, 9, 4, 16],
    [3, 40, 6, 64],
  ];
  for (const [k, [batch, rows, count, width]] of cases.entries()) {
    it(`equals max/sub/exp/matMul/log as tfjs ops, value and gradient (x [${batch}, ${rows}, ${width}], ${count} segments)`, () => {
      const x = tf.tidy(() =>
        tf.mul(tf.randomNormal([batch, rows, width], 0, 1, "float32", k + 1), 2),
      ) as tf.Tensor3D;
      const ids = segments(batch, rows, count, k);
      expectSameAsReference(
        (a) => segmentLogSumExp(a as tf.Tensor3D, ids, count),
        (a) => segmentLogSumExpReference(a as tf.Tensor3D, ids, count),
        [x],
        50 + k,
      );
      x.dispose();
    });
  }

  it("sends the shift's gradient to every tied max, as tfjs's max does", () => {
    // columns with ties at the max, and a row in no segment holding the max
    const x = tf.tensor3d([
      [
        [1, 5],
        [3, 5],
        [3, 0],
        [2, 1],
      ],
    ]) as tf.Tensor3D;
    const ids = Int32Array.from([0, 0, 1, -1]);
    expectSameAsReference(
      (a) => segmentLogSumExp(a as tf.Tensor3D, ids, 3),
      (a) => segmentLogSumExpReference(a as tf.Tensor3D, ids, 3),
      [x],
      7,
    );
    x.dispose();
  });

  it("rejects ids of another length or outside [-1, S), naming them", () => {
    const x = tf.zeros([1, 3, 2]) as tf.Tensor3D;
    const code = expect.objectContaining({ where: "segmentLogSumExp" });
    expect(() => segmentLogSumExp(x, Int32Array.from([0, 1]), 2)).toThrow(code);
    expect(() => segmentLogSumExp(x, Int32Array.from([0, 2, 1]), 2)).toThrow(/segmentIds\[1\] = 2/);
    expect(() => segmentLogSumExp(x, Int32Array.from([0, 1, 1]), 0)).toThrow(/numSegments/);
    x.dispose();
  });
});
