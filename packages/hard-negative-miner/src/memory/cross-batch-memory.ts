import * as tf from "@tensorflow/tfjs-core";
import { checkNumber, MetricLearningError } from "../errors.js";
import type { BaseMetricLoss } from "../losses/base-loss.js";
import type { BaseMiner } from "../miners/base-miner.js";
import { withGroups } from "../miners/groups.js";
import { type IndicesTuple, isTripletIndices, type Labels, type PairIndices } from "../types.js";
import { buildContext, type MetricContext, toLabelArray } from "../utils/context.js";
import { checkIndices, toPairs } from "../utils/indices.js";
import { stopGradient } from "../utils/tensor-ops.js";

/** Options of {@link CrossBatchMemory} (PML names; `memorySize` default 1024). */
export interface CrossBatchMemoryOptions {
  /** The loss computed between the batch and the memory. */
  loss: BaseMetricLoss;
  /** Embedding dimension D, checked on every batch. */
  embeddingSize: number;
  /** How many past embeddings are kept; default 1024. */
  memorySize?: number;
  /** Optional miner run between the batch and the memory. */
  miner?: BaseMiner;
}

/**
 * A snapshot of a {@link CrossBatchMemory}, e.g. for a training checkpoint. The memory is a FIFO
 * kept oldest first, so rows and labels in order are all the state there is (no write position).
 */
export interface CrossBatchMemoryState {
  /** Stored embeddings [size, embeddingSize], oldest first. */
  embeddings: tf.Tensor2D;
  /** Their labels, oldest first (length = size). */
  labels: Int32Array;
  /** Their group ids, oldest first, when the memory was fed groups (see {@link CrossBatchMemory.compute}). */
  groups?: Int32Array;
}

/**
 * Cross-batch memory (XBM, Wang et al. 2020): a FIFO queue of the last `memorySize` embeddings
 * (detached) and labels. Each `compute` enqueues the batch, then evaluates the loss of the batch
 * against the whole memory, so past batches act as extra positives and negatives. Pairs of an
 * embedding with its own memory slot are never used. Group ids, when given, are stored beside the
 * labels and handed to the miner (negatives from the anchor's group only). Call `dispose()` when done.
 */
export class CrossBatchMemory {
  readonly loss: BaseMetricLoss;
  readonly miner: BaseMiner | null;
  readonly embeddingSize: number;
  readonly memorySize: number;
  private memory: tf.Tensor2D | null = null;
  private memLabels: Int32Array = new Int32Array(0);
  /** Group ids beside the labels; null when the memory is fed without groups. */
  private memGroups: Int32Array | null = null;

  constructor(options: CrossBatchMemoryOptions) {
    this.loss = options.loss;
    this.miner = options.miner ?? null;
    this.embeddingSize = checkNumber("embeddingSize", options.embeddingSize, 1);
    this.memorySize = checkNumber("memorySize", options.memorySize ?? 1024, 1);
  }

  /** Number of embeddings currently in memory. */
  get size(): number {
    return this.memLabels.length;
  }

  /** Labels currently in memory, oldest first. */
  get labels(): Int32Array {
    return this.memLabels.slice();
  }

  /** A copy of the memory embeddings, oldest first (caller disposes), or null when empty. */
  embeddings(): tf.Tensor2D | null {
    return this.memory ? tf.clone(this.memory) : null;
  }

  /**
   * A copy of the memory (caller disposes `embeddings`), or null when empty. Pass it to
   * {@link setState} of a memory with the same `embeddingSize` to continue where this one was.
   */
  getState(): CrossBatchMemoryState | null {
    if (!this.memory) return null;
    const state: CrossBatchMemoryState = {
      embeddings: tf.clone(this.memory),
      labels: this.memLabels.slice(),
    };
    if (this.memGroups) state.groups = this.memGroups.slice();
    return state;
  }

  /**
   * Replaces the memory with a copy of `state` (null or 0 rows empties it); the caller keeps
   * ownership of `state.embeddings`. Throws `INVALID_EMBEDDINGS` / `INVALID_LABELS` when the state
   * does not fit this memory, leaving the memory unchanged.
   */
  setState(state: CrossBatchMemoryState | null): void {
    if (state === null) {
      this.reset();
      return;
    }
    const e = state.embeddings;
    if (!e || typeof e !== "object" || !("rank" in e) || e.rank !== 2) {
      throw new MetricLearningError(
        "INVALID_EMBEDDINGS",
        "state.embeddings",
        "expected a 2-D tensor [N, D]",
      );
    }
    const labels = toLabelArray(state.labels, "state.labels");
    const [rows, dim] = e.shape;
    if (dim !== this.embeddingSize) {
      throw new MetricLearningError(
        "INVALID_EMBEDDINGS",
        "state.embeddings",
        `dimension ${dim} differs from embeddingSize ${this.embeddingSize}`,
      );
    }
    if (rows > this.memorySize) {
      throw new MetricLearningError(
        "INVALID_EMBEDDINGS",
        "state.embeddings",
        `${rows} rows exceed memorySize ${this.memorySize}`,
      );
    }
    if (labels.length !== rows) {
      throw new MetricLearningError(
        "INVALID_LABELS",
        "state.labels",
        `${labels.length} labels for ${rows} embeddings`,
      );
    }
    const groups = state.groups === undefined ? null : toLabelArray(state.groups, "state.groups");
    if (groups && groups.length !== rows) {
      throw new MetricLearningError(
        "INVALID_LABELS",
        "state.groups",
        `${groups.length} groups for ${rows} embeddings`,
      );
    }
    this.reset();
    if (rows === 0) return;
    this.memGroups = groups ? groups.slice() : null;
    // a float32 copy (what `compute` enqueues), so the caller may dispose its own tensor
    this.memory = tf.keep(tf.cast(e, "float32"));
    this.memLabels = labels.slice();
  }

  /**
   * Enqueues the batch and returns the loss of `embeddings` against the memory. `indices`, if
   * given, index the batch on both sides and are added to what the miner (or all pairs) yields.
   * `groups` (one id per row) are stored beside the labels and passed to the miner, which must
   * respect groups; a memory is fed with groups on every call or on none (`INVALID_LABELS`).
   */
  compute(
    embeddings: tf.Tensor2D,
    labels: Labels,
    indices?: IndicesTuple | null,
    groups?: Labels,
  ): tf.Scalar {
    const batch = buildContext(embeddings, labels);
    const b = batch.labels.length;
    const batchGroups = groups === undefined ? null : withGroups(batch, groups).groups;
    if (batchGroups && !this.miner?.respectsGroups) {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "groups",
        "groups act through the miner: give the memory a miner that respects groups",
      );
    }
    if (this.size > 0 && (batchGroups === null) !== (this.memGroups === null)) {
      throw new MetricLearningError(
        "INVALID_LABELS",
        "groups",
        batchGroups
          ? "the memory holds rows stored without groups; reset it first"
          : "the memory holds grouped rows; pass groups on every call",
      );
    }
    if (embeddings.shape[1] !== this.embeddingSize) {
      throw new MetricLearningError(
        "INVALID_EMBEDDINGS",
        "embeddings",
        `dimension ${embeddings.shape[1]} differs from embeddingSize ${this.embeddingSize}`,
      );
    }
    if (b > this.memorySize) {
      throw new MetricLearningError(
        "INVALID_EMBEDDINGS",
        "embeddings",
        `batch of ${b} exceeds memorySize ${this.memorySize}`,
      );
    }
    if (indices) checkIndices(indices, b, b);
    this.enqueue(embeddings, batch.labels, batchGroups);
    const m = this.memLabels.length;
    const offset = m - b;
    const selfIndex = new Int32Array(b);
    for (let i = 0; i < b; i++) selfIndex[i] = offset + i;
    const plain: MetricContext = {
      embeddings,
      labels: batch.labels,
      ref: this.memory!,
      refLabels: this.memLabels,
      selfIndex,
    };
    const ctx =
      batchGroups && this.memGroups ? withGroups(plain, batchGroups, this.memGroups) : plain;
    const mined = this.miner ? this.miner.mineFrom(ctx) : null;
    const given = indices ? shiftReference(indices, offset) : null;
    return this.loss.computeFrom(ctx, concatIndices(mined, given));
  }

  /** Empties the memory. */
  reset(): void {
    this.memory?.dispose();
    this.memory = null;
    this.memLabels = new Int32Array(0);
    this.memGroups = null;
  }

  /** Frees the memory tensor. */
  dispose(): void {
    this.reset();
  }

  private enqueue(embeddings: tf.Tensor2D, labels: Int32Array, groups: Int32Array | null): void {
    const old = this.memory;
    const next = tf.tidy(() => {
      const detached = stopGradient(embeddings);
      const joined = old ? (tf.concat([old, detached], 0) as tf.Tensor2D) : tf.clone(detached);
      const rows = joined.shape[0];
      if (rows <= this.memorySize) return joined;
      return tf.slice(joined, [rows - this.memorySize, 0], [this.memorySize, -1]) as tf.Tensor2D;
    });
    this.memory = tf.keep(next);
    old?.dispose();
    this.memLabels = appendBounded(this.memLabels, labels, this.memorySize);
    if (groups)
      this.memGroups = appendBounded(this.memGroups ?? new Int32Array(0), groups, this.memorySize);
  }
}

/** `old` then `added`, keeping the last `size` entries (the FIFO's order). */
function appendBounded(old: Int32Array, added: Int32Array, size: number): Int32Array {
  const all = new Int32Array(old.length + added.length);
  all.set(old);
  all.set(added, old.length);
  return all.length > size ? all.slice(all.length - size) : all;
}

function shiftReference(indices: IndicesTuple, offset: number): IndicesTuple {
  const shift = (arr: Int32Array) => arr.map((v) => v + offset);
  if (isTripletIndices(indices)) {
    return {
      anchors: indices.anchors,
      positives: shift(indices.positives),
      negatives: shift(indices.negatives),
    };
  }
  return { a1: indices.a1, p: shift(indices.p), a2: indices.a2, n: shift(indices.n) };
}

function concatIndices(a: IndicesTuple | null, b: IndicesTuple | null): IndicesTuple | null {
  if (!a || !b) return a ?? b;
  if (isTripletIndices(a) && isTripletIndices(b)) {
    return {
      anchors: cat(a.anchors, b.anchors),
      positives: cat(a.positives, b.positives),
      negatives: cat(a.negatives, b.negatives),
    };
  }
  const pa: PairIndices = toPairs(a);
  const pb: PairIndices = toPairs(b);
  return { a1: cat(pa.a1, pb.a1), p: cat(pa.p, pb.p), a2: cat(pa.a2, pb.a2), n: cat(pa.n, pb.n) };
}

function cat(x: Int32Array, y: Int32Array): Int32Array {
  const out = new Int32Array(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
}
