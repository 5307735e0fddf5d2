import * as tf from "@tensorflow/tfjs-core";
import { MetricLearningError } from "../errors.js";
import type { IndicesTuple, PairIndices, TripletIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { IntBuffer } from "../utils/int-buffer.js";
import { PairCollector } from "../utils/pair-collector.js";

/**
 * What a miner picks on the device: 0/1 float masks [N, M] of positive and negative pairs.
 * `onePerRow` says each row holds at most one positive and one negative, and a row has either
 * only with the other (one triplet per anchor, as batch-hard mining gives), so the masks are
 * also the triplets.
 */
export interface DeviceSelection {
  readonly pos: tf.Tensor2D;
  readonly neg: tf.Tensor2D;
  readonly onePerRow: boolean;
}

/** A miner that can select on the device. */
export interface DeviceMiner {
  /** The masks for `ctx`, as tensors; called inside the caller's tidy, never differentiated. */
  selectOnDevice(ctx: MetricContext): { pos: tf.Tensor2D; neg: tf.Tensor2D };
}

/**
 * What `mine()` returns on the device path: an {@link IndicesTuple} whose index arrays are read
 * from the device only when someone looks at them (one host read, then cached). A loss given
 * it selects on the device inside its own computation instead, so `loss.compute(e, labels,
 * miner.mine(e, labels))` makes no host read and holds no tensor between the two calls.
 */
export abstract class DeferredMining {
  private host: IndicesTuple | null = null;

  constructor(
    /** The miner and the context it mined (embeddings, labels, reference set). */
    readonly miner: DeviceMiner,
    readonly ctx: MetricContext,
    private readonly onePerRow: boolean,
  ) {}

  /** The selection as tensors, in the caller's tidy; no gradient flows through it. */
  select(): DeviceSelection {
    if (this.ctx.embeddings.isDisposed || this.ctx.ref.isDisposed) {
      throw new MetricLearningError(
        "INVALID_INDICES",
        "indices",
        "these indices were mined on the device from embeddings that have since been disposed; mine and compute the loss on live tensors",
      );
    }
    const [n, m] = [this.ctx.labels.length, this.ctx.refLabels.length];
    const both = offTape(() =>
      tf.tidy(() => {
        const { pos, neg } = this.miner.selectOnDevice(this.ctx);
        return tf.stack([pos, neg]);
      }),
    );
    const [pos, neg] = tf.unstack(both) as [tf.Tensor2D, tf.Tensor2D];
    return {
      pos: tf.reshape(pos, [n, m]),
      neg: tf.reshape(neg, [n, m]),
      onePerRow: this.onePerRow,
    };
  }

  /** The host indices: one read of the device masks (then cached). */
  toHost(): IndicesTuple {
    if (this.host) return this.host;
    const [n, m] = [this.ctx.labels.length, this.ctx.refLabels.length];
    const masks = tf.tidy(() => {
      const s = this.select();
      return tf.stack([s.pos, s.neg]);
    });
    const values = masks.dataSync() as Float32Array;
    masks.dispose();
    const pos = values.subarray(0, n * m);
    const neg = values.subarray(n * m);
    this.host = this.onePerRow ? rowTriplets(pos, neg, n, m) : maskPairs(pos, neg, n, m);
    return this.host;
  }
}

/** Device-mined triplets (one per anchor); reading a field reads the device once. */
export class DeferredTriplets extends DeferredMining implements TripletIndices {
  constructor(miner: DeviceMiner, ctx: MetricContext) {
    super(miner, ctx, true);
  }
  get anchors(): Int32Array {
    return (this.toHost() as TripletIndices).anchors;
  }
  get positives(): Int32Array {
    return (this.toHost() as TripletIndices).positives;
  }
  get negatives(): Int32Array {
    return (this.toHost() as TripletIndices).negatives;
  }
}

/** Device-mined pairs; reading a field reads the device once. */
export class DeferredPairs extends DeferredMining implements PairIndices {
  constructor(miner: DeviceMiner, ctx: MetricContext) {
    super(miner, ctx, false);
  }
  get a1(): Int32Array {
    return (this.toHost() as PairIndices).a1;
  }
  get p(): Int32Array {
    return (this.toHost() as PairIndices).p;
  }
  get a2(): Int32Array {
    return (this.toHost() as PairIndices).a2;
  }
  get n(): Int32Array {
    return (this.toHost() as PairIndices).n;
  }
}

/** The device-mined tuple behind `indices`, or null for host indices. */
export function asDeferred(indices: IndicesTuple | null | undefined): DeferredMining | null {
  return indices instanceof DeferredMining ? indices : null;
}

/** Throws `INVALID_INDICES` when device-mined indices were mined for a batch of other sizes. */
export function checkDeferredFits(deferred: DeferredMining, n: number, m: number): void {
  const [dn, dm] = [deferred.ctx.labels.length, deferred.ctx.refLabels.length];
  if (dn !== n || dm !== m) {
    throw new MetricLearningError(
      "INVALID_INDICES",
      "indices",
      `mined for ${dn} embeddings against ${dm} reference rows, used with ${n} against ${m}`,
    );
  }
}

function rowTriplets(pos: Float32Array, neg: Float32Array, n: number, m: number): TripletIndices {
  const a = new IntBuffer(n);
  const p = new IntBuffer(n);
  const ng = new IntBuffer(n);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    let pj = -1;
    let nj = -1;
    for (let j = 0; j < m; j++) {
      if (pos[row + j] !== 0) pj = j;
      if (neg[row + j] !== 0) nj = j;
    }
    if (pj >= 0 && nj >= 0) {
      a.push(i);
      p.push(pj);
      ng.push(nj);
    }
  }
  return { anchors: a.toArray(), positives: p.toArray(), negatives: ng.toArray() };
}

function maskPairs(pos: Float32Array, neg: Float32Array, n: number, m: number): PairIndices {
  const pairs = new PairCollector();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (pos[i * m + j] !== 0) {
        pairs.positive(i, j);
      }
      if (neg[i * m + j] !== 0) {
        pairs.negative(i, j);
      }
    }
  }
  return pairs.toIndices();
}

/**
 * Runs `fn` as a kernel with no inputs: its ops are not recorded on the gradient tape and its
 * output is, for gradients, a constant. Masks made from the embeddings must be that: the
 * comparisons inside (Greater, Equal, …) have no gradients, and any op on a tape path from the
 * embeddings to the loss would need one. The output must be a single tensor.
 */
function offTape(fn: () => tf.Tensor): tf.Tensor {
  const op = tf.customGrad(((save: (t: tf.Tensor[]) => void) => {
    save([]);
    return { value: fn(), gradFunc: () => [] };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as () => tf.Tensor;
  return op();
}
