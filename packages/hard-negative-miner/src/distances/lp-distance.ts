import { gatheredRowDistances } from "@biore/tfjs-kernels";
import * as tf from "@tensorflow/tfjs-core";
import { checkNumber, MetricLearningError } from "../errors.js";
import { gatherRows, safeSqrt } from "../utils/tensor-ops.js";
import { BaseDistance, type DistanceOptions, type GramTransform } from "./base-distance.js";
import { type HostKernel, hostLp, hostSquaredNorms } from "./host-matrix.js";

/** Options of {@link LpDistance}. */
export interface LpDistanceOptions extends DistanceOptions {
  /** The norm's order: 1, 2 (default) or any p >= 1, Infinity allowed. */
  p?: number;
  /** Shorthand for `power: 2` (squared distances, no square root). */
  squared?: boolean;
}

/** Elements per chunk when p != 2 needs an [rows, M, D] difference tensor. */
const CHUNK_ELEMENTS = 1 << 22;

/** Minkowski distance ||q - r||_p (smaller = closer); embeddings normalized by default, as in PML. */
export class LpDistance extends BaseDistance {
  readonly isInverted: boolean = false;
  /** The norm's order. */
  readonly p: number;

  constructor(options: LpDistanceOptions = {}) {
    if (options.squared && options.power !== undefined && options.power !== 2) {
      throw new MetricLearningError("INVALID_OPTION", "squared", "conflicts with power");
    }
    super({ ...options, power: options.squared ? 2 : options.power }, true);
    this.p = checkNumber("p", options.p ?? 2, 1, Infinity);
  }

  override matrix(query: tf.Tensor2D, ref: tf.Tensor2D = query, hostOps = false): tf.Tensor2D {
    if (this.p !== 2 || this.power !== 2) return super.matrix(query, ref, hostOps);
    // Squared Euclidean: skip the sqrt so that power 2 stays smooth at zero.
    return tf.tidy(() => {
      const [q, r] = this.normalized(query, ref, hostOps);
      return this.squaredEuclidean(q, r);
    });
  }

  override pairwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
    if (this.p !== 2 || this.power !== 2) return super.pairwise(a, b);
    return tf.tidy(() => {
      const [an, bn] = this.normalized(a, b);
      return tf.sum(tf.square(tf.sub(an, bn)), 1) as tf.Tensor1D;
    });
  }

  override rowPairs(
    query: tf.Tensor2D,
    ref: tf.Tensor2D,
    rows: Int32Array,
    others: readonly Int32Array[],
    hostOps = false,
  ): tf.Tensor1D[] {
    if (hostOps && this.p === 2 && (this.power === 1 || this.power === 2)) {
      // one fused host op per list: gather, normalize, difference, norm and their gradients
      const options = { normalize: this.normalizeEmbeddings, squared: this.power === 2 };
      return others.map((o) => gatheredRowDistances(query, ref, rows, o, options));
    }
    if (this.p !== 2 || this.power !== 2) return super.rowPairs(query, ref, rows, others, hostOps);
    return tf.tidy(() => {
      const [q, r] = this.normalized(query, ref);
      const left = gatherRows(q, rows);
      return others.map((o) => tf.sum(tf.square(tf.sub(left, gatherRows(r, o))), 1) as tf.Tensor1D);
    });
  }

  private normalized(q: tf.Tensor2D, r: tf.Tensor2D, hostOps = false): [tf.Tensor2D, tf.Tensor2D] {
    const qn = this.prepare(q, hostOps);
    return [qn, r === q ? qn : this.prepare(r, hostOps)];
  }

  private squaredEuclidean(q: tf.Tensor2D, r: tf.Tensor2D): tf.Tensor2D {
    const qq = tf.sum(tf.square(q), 1, true);
    const rr = tf.reshape(tf.sum(tf.square(r), 1), [1, -1]);
    const qr = tf.matMul(q, r, false, true);
    return tf.relu(tf.sub(tf.add(qq, rr), tf.mul(qr, 2))) as tf.Tensor2D;
  }

  protected hostKernel(): HostKernel {
    return hostLp(this.p);
  }

  /**
   * p = 2: `sqrt(max(|q|² + |r|² - 2 q·r, 0))` (ranking: its square), exactly 0 on the diagonal
   * of a self-matrix.
   */
  protected override gramTransform(): GramTransform | null {
    return this.p === 2 ? euclideanFromGram : null;
  }

  protected computeMatrix(q: tf.Tensor2D, r: tf.Tensor2D): tf.Tensor2D {
    if (this.p === 2) return safeSqrt(this.squaredEuclidean(q, r));
    const [n, d] = q.shape;
    const m = r.shape[0];
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(1, m * d)));
    const parts: tf.Tensor2D[] = [];
    for (let start = 0; start < n; start += rowsPerChunk) {
      const size = Math.min(rowsPerChunk, n - start);
      const chunk = tf.slice(q, [start, 0], [size, d]);
      const diff = tf.sub(tf.expandDims(chunk, 1), tf.expandDims(r, 0)) as tf.Tensor3D;
      parts.push(this.reduceNorm(diff, 2) as tf.Tensor2D);
    }
    return parts.length === 1 ? parts[0]! : (tf.concat(parts, 0) as tf.Tensor2D);
  }

  protected computePairwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
    const diff = tf.sub(a, b);
    if (this.p === 2) return safeSqrt(tf.sum(tf.square(diff), 1)) as tf.Tensor1D;
    return this.reduceNorm(diff, 1) as tf.Tensor1D;
  }

  private reduceNorm(diff: tf.Tensor, axis: number): tf.Tensor {
    const abs = tf.abs(diff);
    if (this.p === 1) return tf.sum(abs, axis);
    if (this.p === Infinity) return tf.max(abs, axis);
    const s = tf.sum(tf.pow(abs, this.p), axis);
    return tf.pow(tf.maximum(s, 1e-30), 1 / this.p);
  }
}

function euclideanFromGram(
  gram: Float32Array,
  q: Float32Array,
  r: Float32Array,
  d: number,
  ranking: boolean,
): Float32Array {
  const qq = hostSquaredNorms(q, q.length / d, d);
  const rr = q === r ? qq : hostSquaredNorms(r, r.length / d, d);
  const m = rr.length;
  for (let i = 0; i < qq.length; i++) {
    const row = i * m;
    const qi = qq[i]!;
    if (ranking) {
      // squared distances: the same order, without a million square roots
      for (let j = 0, k = row; j < m; j++, k++) gram[k] = Math.max(qi + rr[j]! - 2 * gram[k]!, 0);
    } else {
      for (let j = 0, k = row; j < m; j++, k++) {
        gram[k] = Math.sqrt(Math.max(qi + rr[j]! - 2 * gram[k]!, 0));
      }
    }
    if (q === r) gram[row + i] = 0;
  }
  return gram;
}
