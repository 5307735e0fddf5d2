import * as tf from "@tensorflow/tfjs-core";
import { KernelError } from "../errors.js";
import { float32Of, recordingGradients, useHostLoops } from "./host-path.js";

/**
 * A constant sparse matrix [rows, columns] in compressed sparse row form: row r's entries are
 * `columns[k]`, `values[k]` for k in [rowStarts[r], rowStarts[r + 1]).
 */
export interface CsrMatrix {
  shape: [number, number];
  /** rows + 1 offsets into `columns` and `values`, non-decreasing, from 0 to their length. */
  rowStarts: Int32Array;
  columns: Int32Array;
  values: Float32Array;
}

/**
 * `a @ b` for a constant sparse `a` [P, N] (CSR) and a dense `b` [N, H]: [P, H], differentiable
 * in `b` (its gradient `aᵀ @ dy` is a scatter-add of the rows of `dy`).
 *
 * Pooling rows by mostly-zero weight matrices (span means, segment means) as a dense matMul costs
 * P·N·H multiply-adds and a P·N array per call, nearly all zeros; on the cpu backend this is one
 * pass over the entries forward and one backward. Other backends gather the entries' rows of `b`,
 * scale them and scatter-add them into the output (tfjs ops, O(entries·H), differentiable
 * everywhere); {@link sparseDenseMatMulReference} is the dense matMul the tests compare with.
 */
export function sparseDenseMatMul(a: CsrMatrix, b: tf.Tensor2D): tf.Tensor2D {
  checkCsr(a, b);
  if (!useHostLoops()) return gatherScaleScatter(a, b);
  const [rows] = a.shape;
  const width = b.shape[1];
  // inference: the product alone (no customGrad wrapper)
  if (!recordingGradients())
    return tf.tensor2d(csrTimesDense(a, float32Of(b), width), [rows, width]);
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    return {
      value: tf.tensor2d(csrTimesDense(a, float32Of(input), width), [rows, width]),
      gradFunc: (dy: tf.Tensor) => {
        const g = float32Of(dy);
        const dx = new Float32Array(input.size);
        for (let r = 0; r < rows; r++) {
          const end = a.rowStarts[r + 1] as number;
          for (let k = a.rowStarts[r] as number; k < end; k++) {
            const w = a.values[k] as number;
            const to = (a.columns[k] as number) * width;
            for (let h = 0; h < width; h++) {
              dx[to + h] = (dx[to + h] as number) + w * (g[r * width + h] as number);
            }
          }
        }
        return tf.tensor(dx, input.shape, "float32");
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor2D;
  return op(b);
}

/** [P, H] rows of `a` times `xs` [N, H], each output row summed in float64 then rounded once. */
function csrTimesDense(a: CsrMatrix, xs: Float32Array, width: number): Float32Array {
  const [rows] = a.shape;
  const out = new Float32Array(rows * width);
  const acc = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const end = a.rowStarts[r + 1] as number;
    for (let k = a.rowStarts[r] as number; k < end; k++) {
      const w = a.values[k] as number;
      const from = (a.columns[k] as number) * width;
      for (let h = 0; h < width; h++) acc[h] = (acc[h] as number) + w * (xs[from + h] as number);
    }
    for (let h = 0; h < width; h++) {
      out[r * width + h] = acc[h] as number;
      acc[h] = 0;
    }
  }
  return out;
}

/**
 * The product as tfjs ops over the entries only: rows of b gathered, scaled, scatter-added into
 * the output; the gradient the same way with a's rows and columns swapped (`aᵀ @ dy`). Gather,
 * Multiply and ScatterNd run on every tfjs backend (wasm has no UnsortedSegmentSum).
 */
export function gatherScaleScatter(a: CsrMatrix, b: tf.Tensor2D): tf.Tensor2D {
  const [rows] = a.shape;
  const entries = a.columns.length;
  const width = b.shape[1];
  const rowOf = new Int32Array(entries);
  for (let r = 0; r < rows; r++) {
    rowOf.fill(r, a.rowStarts[r] as number, a.rowStarts[r + 1] as number);
  }
  // moves the scaled rows of `from` (at `take`) to the rows `put` of a [size, width] result
  const move = (from: tf.Tensor, take: Int32Array, put: Int32Array, size: number) =>
    tf.tidy(() => {
      if (entries === 0) return tf.zeros([size, width]);
      const scaled = tf.mul(
        tf.gather(from, tf.tensor1d(take, "int32")),
        tf.tensor2d(a.values, [entries, 1]),
      );
      return tf.scatterND(tf.tensor2d(put, [entries, 1], "int32"), scaled, [size, width]);
    });
  const op = tf.customGrad(((input: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
    save([]);
    return {
      value: move(input, a.columns, rowOf, rows),
      gradFunc: (dy: tf.Tensor) => move(dy, rowOf, a.columns, input.shape[0] as number),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor2D;
  return op(b);
}

/** The same product with `a` made dense and tf.matMul (non-cpu backends; the tests' reference). */
export function sparseDenseMatMulReference(a: CsrMatrix, b: tf.Tensor2D): tf.Tensor2D {
  checkCsr(a, b);
  const [rows, cols] = a.shape;
  const dense = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let k = a.rowStarts[r] as number; k < (a.rowStarts[r + 1] as number); k++) {
      const at = r * cols + (a.columns[k] as number);
      dense[at] = (dense[at] as number) + (a.values[k] as number);
    }
  }
  return tf.tidy(() => tf.matMul(tf.tensor2d(dense, [rows, cols]), b));
}

/** Throws INVALID_ATTRIBUTE / INVALID_INDICES naming what does not fit. */
function checkCsr(a: CsrMatrix, b: tf.Tensor2D): void {
  const [rows, cols] = a.shape;
  const fail = (code: "INVALID_ATTRIBUTE" | "INVALID_INDICES", message: string) => {
    throw new KernelError(code, "sparseDenseMatMul", message);
  };
  if (b.rank !== 2 || b.shape[0] !== cols) {
    fail(
      "INVALID_ATTRIBUTE",
      `b must be [${cols}, H] for a of shape [${a.shape}]; got [${b.shape}]`,
    );
  }
  const entries = a.columns.length;
  if (a.rowStarts.length !== rows + 1 || a.values.length !== entries) {
    fail(
      "INVALID_ATTRIBUTE",
      `rowStarts must have ${rows + 1} offsets and values ${entries} entries; got ${a.rowStarts.length} and ${a.values.length}`,
    );
  }
  if (a.rowStarts[0] !== 0 || a.rowStarts[rows] !== entries) {
    fail("INVALID_INDICES", `rowStarts must run from 0 to ${entries}`);
  }
  for (let r = 0; r < rows; r++) {
    if ((a.rowStarts[r + 1] as number) < (a.rowStarts[r] as number)) {
      fail("INVALID_INDICES", `rowStarts[${r + 1}] is below rowStarts[${r}]`);
    }
  }
  for (let k = 0; k < entries; k++) {
    const c = a.columns[k] as number;
    if (c < 0 || c >= cols) fail("INVALID_INDICES", `columns[${k}] = ${c} is outside [0, ${cols})`);
  }
}
