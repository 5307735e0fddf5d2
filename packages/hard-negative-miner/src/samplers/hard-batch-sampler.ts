import * as tf from "@tensorflow/tfjs-core";
import { checkNumber, MetricLearningError } from "../errors.js";
import { createRng, mixSeed, shuffleInPlace } from "../utils/rng.js";

/** Options of {@link HardBatchSampler}. */
export interface HardBatchSamplerOptions {
  /** Examples per batch. */
  batchSize: number;
  /** Nearest neighbours (cosine) remembered per example; default 8. */
  neighbors?: number;
  /** Seed of every random choice; epoch e uses a seed derived from (seed, e). Default 0. */
  seed?: number;
}

/** Rows of the similarity matrix computed at once, to keep memory at chunk x N. */
const CHUNK_ROWS = 256;

/**
 * Builds batches out of nearest-neighbour clusters of a previous epoch's embeddings, so that
 * each batch is full of examples the model finds similar (hard negatives, and the positives
 * near them). `fit(embeddings)` computes the k-NN table; `batches(epoch)` covers every example
 * exactly once: from a random unused seed it grows a batch breadth-first through unused
 * neighbours, starting a new cluster when one runs dry.
 */
export class HardBatchSampler {
  readonly batchSize: number;
  readonly k: number;
  readonly seed: number;
  private table: Int32Array | null = null;
  private count = 0;

  constructor(options: HardBatchSamplerOptions) {
    this.batchSize = checkNumber("batchSize", options.batchSize, 1);
    this.k = checkNumber("neighbors", options.neighbors ?? 8, 1);
    this.seed = options.seed ?? 0;
    for (const [name, v] of [
      ["batchSize", this.batchSize],
      ["neighbors", this.k],
    ] as const) {
      if (!Number.isInteger(v))
        throw new MetricLearningError("INVALID_OPTION", name, "must be an integer");
    }
  }

  /** Number of examples in the fitted table. */
  get size(): number {
    return this.count;
  }

  /** The k-NN table: row i holds the neighbours of example i, closest first. */
  get neighborTable(): Int32Array {
    if (!this.table) throw new MetricLearningError("NOT_FITTED", "embeddings", "call fit() first");
    return this.table;
  }

  /** Computes the cosine k-NN table of `embeddings` [N, D] (a tensor, or rows as plain arrays). */
  fit(embeddings: tf.Tensor2D | readonly (readonly number[])[]): void {
    const owned = !(embeddings instanceof tf.Tensor);
    const emb = owned ? tf.tensor2d(embeddings as number[][]) : (embeddings as tf.Tensor2D);
    if (emb.rank !== 2)
      throw new MetricLearningError("INVALID_EMBEDDINGS", "embeddings", "expected [N, D]");
    const n = emb.shape[0];
    const k = Math.min(this.k, n - 1);
    const table = new Int32Array(n * this.k).fill(-1);
    const normalized = tf.tidy(() => tf.div(emb, tf.maximum(tf.norm(emb, 2, 1, true), 1e-12)));
    try {
      for (let start = 0; start < n && k > 0; start += CHUNK_ROWS) {
        const rows = Math.min(CHUNK_ROWS, n - start);
        const { indices } = tf.tidy(() => {
          const chunk = tf.slice(normalized, [start, 0], [rows, -1]);
          let sim = tf.matMul(chunk, normalized, false, true);
          // exclude each example itself
          const selfMask = tf.oneHot(tf.range(start, start + rows, 1, "int32"), n);
          sim = tf.sub(sim, tf.mul(selfMask, 10));
          const top = tf.topk(sim, k);
          return { indices: top.indices.dataSync() as Int32Array };
        });
        for (let r = 0; r < rows; r++) {
          for (let t = 0; t < k; t++) table[(start + r) * this.k + t] = indices[r * k + t]!;
        }
      }
    } finally {
      normalized.dispose();
      if (owned) emb.dispose();
    }
    this.table = table;
    this.count = n;
  }

  /** The batches of epoch `epoch`: every example exactly once, the last batch possibly smaller. */
  batches(epoch = 0): Int32Array[] {
    const table = this.neighborTable;
    const n = this.count;
    const rand = createRng(mixSeed(this.seed, epoch));
    const order = shuffleInPlace(
      Int32Array.from({ length: n }, (_, i) => i),
      rand,
    );
    const used = new Uint8Array(n);
    const out: Int32Array[] = [];
    let current: number[] = [];
    const queue: number[] = [];
    const take = (x: number) => {
      used[x] = 1;
      current.push(x);
      if (current.length === this.batchSize) {
        out.push(Int32Array.from(current));
        current = [];
        queue.length = 0; // the next batch starts a fresh cluster
      }
    };
    let cursor = 0;
    while (true) {
      let next = -1;
      while (queue.length > 0 && next < 0) {
        const x = queue.shift()!;
        if (!used[x]) next = x;
      }
      if (next < 0) {
        while (cursor < n && used[order[cursor]!]) cursor++;
        if (cursor === n) break;
        next = order[cursor]!;
      }
      const startsFresh = current.length === this.batchSize - 1;
      take(next);
      if (startsFresh) continue;
      for (let t = 0; t < this.k; t++) {
        const nb = table[next * this.k + t]!;
        if (nb >= 0 && !used[nb]) queue.push(nb);
      }
    }
    if (current.length > 0) out.push(Int32Array.from(current));
    return out;
  }
}
