import * as tf from "@tensorflow/tfjs-core";
import { BaseDistance, type DistanceOptions, type GramTransform } from "./base-distance.js";
import { type HostKernel, hostDot } from "./host-matrix.js";

/** Dot product of embeddings (a similarity: larger = closer); not normalized by default, as in PML. */
export class DotProductSimilarity extends BaseDistance {
  readonly isInverted: boolean = true;

  constructor(options: DistanceOptions = {}) {
    super(options, false);
  }

  protected hostKernel(): HostKernel {
    return hostDot;
  }

  protected override gramTransform(): GramTransform {
    return (gram) => gram;
  }

  override gramRows(x: tf.Tensor2D, hostOps = false): tf.Tensor2D | null {
    return this.power === 1 ? this.prepare(x, hostOps) : null;
  }

  protected computeMatrix(q: tf.Tensor2D, r: tf.Tensor2D): tf.Tensor2D {
    return tf.matMul(q, r, false, true);
  }

  protected computePairwise(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
    return tf.sum(tf.mul(a, b), 1) as tf.Tensor1D;
  }
}
