import { fastCpuKernelsInForce, l2NormalizeRows } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { gatherRows, l2Normalize } from "../utils/tensor-ops.js";
import { type HostKernel, hostGram, hostMatrix, normalizeHostRows } from "./host-matrix.js";

/**
 * Host values of a distance from the Gram matrix of prepared rows q [N, d] and r [M, d]; with
 * `ranking`, any values in the same order (e.g. squared Euclidean distances, no square root).
 */
export type GramTransform = (
  gram: Float32Array,
  q: Float32Array,
  r: Float32Array,
  d: number,
  ranking: boolean,
) => Float32Array;

/** Options shared by every distance. */
export interface DistanceOptions {
  /** L2-normalize rows before comparing them. */
  normalizeEmbeddings?: boolean;
  /** Raise every distance to this power (e.g. 2 for squared Euclidean). Default 1. */
  power?: number;
}

/**
 * A way to compare embeddings, batched: `matrix(query, ref)` is [N, M].
 * `isInverted` is true for similarities (larger = closer), false for distances.
 */
export abstract class BaseDistance {
  /** Whether rows are L2-normalized before comparison. */
  readonly normalizeEmbeddings: boolean;
  /** Exponent applied to every value. */
  readonly power: number;
  /** True when larger values mean closer (similarities). */
  abstract readonly isInverted: boolean;

  constructor(options: DistanceOptions = {}, defaultNormalize = true) {
    this.normalizeEmbeddings = options.normalizeEmbeddings ?? defaultNormalize;
    this.power = options.power ?? 1;
  }

  /**
   * Compares every row of `query` [N, D] with every row of `ref` [M, D] (default: query itself).
   * `hostOps`: normalize with a fused host-array op (it reads the rows: for host backends).
   */
  matrix(query: tf.Tensor2D, ref: tf.Tensor2D = query, hostOps = false): tf.Tensor2D {
    return tf.tidy(() => {
      const q = this.prepare(query, hostOps);
      const r = ref === query ? q : this.prepare(ref, hostOps);
      return this.applyPower(this.computeMatrix(q, r));
    });
  }

  /** Compares row i of `a` with row i of `b`, giving a 1-D tensor. */
  pairwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const an = this.prepare(a);
      const bn = this.prepare(b);
      return this.applyPower(this.computePairwise(an, bn));
    });
  }

  /**
   * `d(query[rows[k]], ref[others[k]])` for every k, for each array in `others` (e.g. a miner's
   * positives and negatives): rows are normalized once and gathered, O(K·D) with gradients
   * through the gathered rows, instead of the whole [N, M] matrix. Same values as `pairwise`.
   * `hostOps`: fused host-array ops where the distance has them (they read the rows).
   */
  rowPairs(
    query: tf.Tensor2D,
    ref: tf.Tensor2D,
    rows: Int32Array,
    others: readonly Int32Array[],
    hostOps = false,
  ): tf.Tensor1D[] {
    return tf.tidy(() => {
      const q = this.prepare(query, hostOps);
      const r = ref === query ? q : this.prepare(ref, hostOps);
      const left = gatherRows(q, rows);
      return others.map((o) => this.applyPower(this.computePairwise(left, gatherRows(r, o))));
    });
  }

  /**
   * The host values of `matrix(query, ref)`, computed without gradients (for mining). On the
   * pure-JS `cpu` backend: with @biore/tfjs-kernels' fast kernels installed, one matMul for the
   * Gram matrix and one host pass turning it into values (see `gramTransform`); without them, plain
   * row-by-row loops, several times faster than tfjs's own matMul. Elsewhere tensor ops.
   * `ranking`: the caller only compares values within a row (batch-hard mining), so the Gram path
   * may return any values in the same order: Euclidean distances stay squared (no square root,
   * and no positive `power`, on values that are never negative).
   */
  matrixData(query: tf.Tensor2D, ref: tf.Tensor2D = query, ranking = false): Float32Array {
    if (tf.getBackend() === "cpu") {
      const [n, d] = query.shape;
      const m = ref.shape[0];
      const prep = (x: Float32Array, rows: number) =>
        this.normalizeEmbeddings ? normalizeHostRows(x, rows, d) : x;
      const q = prep(query.dataSync() as Float32Array, n);
      const r = ref === query ? q : prep(ref.dataSync() as Float32Array, m);
      const fromGram = fastCpuKernelsInForce() ? this.gramTransform() : null;
      if (fromGram) {
        const values = fromGram(hostGram(q, r, n, m, d), q, r, d, ranking);
        const orderKept = ranking && !this.isInverted && this.power > 0;
        if (this.power !== 1 && !orderKept)
          for (let i = 0; i < values.length; i++) values[i] = values[i]! ** this.power;
        return values;
      }
      return hostMatrix(q, r, n, m, d, this.hostKernel(), this.power);
    }
    const mat = this.matrix(query, ref);
    try {
      return mat.dataSync() as Float32Array;
    } finally {
      mat.dispose();
    }
  }

  /**
   * Rows r of `x` such that `matrix(x, x)` is exactly r rᵀ (the prepared rows of a dot-product
   * similarity at power 1), or null for every other distance. Lets a loss over a batch against
   * itself use one symmetric product (its gradient is one matMul, not two).
   */
  gramRows(x: tf.Tensor2D, hostOps = false): tf.Tensor2D | null {
    void x;
    void hostOps;
    return null;
  }

  /** How much closer x is than y: `y - x` for similarities, `x - y` for distances (PML's `margin`). */
  margin<T extends tf.Tensor>(x: T | number, y: T | number): T {
    return (this.isInverted ? tf.sub(y, x) : tf.sub(x, y)) as T;
  }

  /** True when value `a` is strictly closer than `b`. */
  closer(a: number, b: number): boolean {
    return this.isInverted ? a > b : a < b;
  }

  /** Normalizes rows when `normalizeEmbeddings` is set (with one fused op on host arrays when `hostOps`). */
  protected prepare(x: tf.Tensor2D, hostOps = false): tf.Tensor2D {
    if (!this.normalizeEmbeddings) return x;
    return hostOps ? l2NormalizeRows(x) : l2Normalize(x);
  }

  /** Raises distances to the `power` option (identity at 1), as pytorch-metric-learning does. */
  protected applyPower<T extends tf.Tensor>(x: T): T {
    return this.power === 1 ? x : (tf.pow(x, this.power) as T);
  }

  /**
   * For distances that are a function of dot products and row norms: turns the Gram matrix
   * `q r^T` [N, M] (in place) into this distance's values before `power`. Null for the others.
   */
  protected gramTransform(): GramTransform | null {
    return null;
  }

  /** The host loop comparing two rows, before `power`. */
  protected abstract hostKernel(): HostKernel;

  /** [N, M] values for already-normalized inputs. */
  protected abstract computeMatrix(q: tf.Tensor2D, r: tf.Tensor2D): tf.Tensor2D;
  /** Row-wise values for already-normalized inputs. */
  protected abstract computePairwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D;
}
