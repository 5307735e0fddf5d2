import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { expectSameAsReference } from "./fused-ops-test-utils.js";
import {
  type CsrMatrix,
  gatherScaleScatter,
  sparseDenseMatMul,
  sparseDenseMatMulReference,
} from "./sparse-dense-mat-mul.js";

/** A random sparse [rows, cols] matrix: empty rows, repeated columns within a row, spans. */
function randomCsr(rows: number, cols: number, seed: number): CsrMatrix {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const starts = [0];
  const columns: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const count = r % 4 === 3 ? 0 : Math.floor(next() * 6); // some rows stay empty
    for (let k = 0; k < count; k++) {
      columns.push(Math.floor(next() * cols));
      values.push(next() * 2 - 0.5);
    }
    starts.push(columns.length);
  }
  return {
    shape: [rows, cols],
    rowStarts: Int32Array.from(starts),
    columns: Int32Array.from(columns),
    values: Float32Array.from(values),
  };
}

describe("sparseDenseMatMul", () => {
  const cases: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [60, 400, 64],
  ];
  for (const [k, [rows, cols, width]] of cases.entries()) {
    it(`equals the dense tf.matMul, value and gradient (a [${rows}, ${cols}], b [${cols}, ${width}])`, () => {
      const a = randomCsr(rows, cols, k + 1);
      const b = tf.randomNormal([cols, width], 0, 1, "float32", k + 5) as tf.Tensor2D;
      expectSameAsReference(
        (x) => sparseDenseMatMul(a, x as tf.Tensor2D),
        (x) => sparseDenseMatMulReference(a, x as tf.Tensor2D),
        [b],
        70 + k,
      );
      // the path of the other backends: gather, scale, scatter-add
      expectSameAsReference(
        (x) => gatherScaleScatter(a, x as tf.Tensor2D),
        (x) => sparseDenseMatMulReference(a, x as tf.Tensor2D),
        [b],
        80 + k,
      );
      b.dispose();
    });
  }

  it("rejects offsets, columns or b that do not fit, naming them", () => {
    const b = tf.zeros([3, 2]) as tf.Tensor2D;
    const ok: CsrMatrix = {
      shape: [2, 3],
      rowStarts: Int32Array.from([0, 1, 2]),
      columns: Int32Array.from([0, 2]),
      values: Float32Array.from([1, 1]),
    };
    const where = expect.objectContaining({ where: "sparseDenseMatMul" });
    expect(() => sparseDenseMatMul({ ...ok, columns: Int32Array.from([0, 3]) }, b)).toThrow(
      /columns\[1\] = 3/,
    );
    expect(() => sparseDenseMatMul({ ...ok, rowStarts: Int32Array.from([0, 2, 1]) }, b)).toThrow(
      where,
    );
    expect(() => sparseDenseMatMul({ ...ok, shape: [2, 4] }, b)).toThrow(/b must be \[4, H\]/);
    b.dispose();
  });
});
