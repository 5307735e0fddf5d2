import { checkNumber, MetricLearningError } from "../errors.js";
import { createRng, mixSeed, shuffleInPlace } from "../utils/rng.js";

/** Options of {@link MPerClassSampler} (PML names and defaults, plus a seed). */
export interface MPerClassSamplerOptions {
  /** Batch size; must be a multiple of m and at most m * number of classes. Default: m * classes. */
  batchSize?: number;
  /** Indices per epoch before rounding down to whole batches; default 100000 as in PML. */
  lengthBeforeNewIter?: number;
  /** Seed of every random choice; epoch e uses a seed derived from (seed, e). Default 0. */
  seed?: number;
}

/**
 * Class-balanced sampling (PML's MPerClassSampler), plain JS: each batch holds `m` examples of
 * each of `batchSize / m` classes; classes with fewer than m examples are sampled with replacement.
 */
export class MPerClassSampler {
  /** Examples drawn per class per batch. */
  readonly m: number;
  /** Batch size. */
  readonly batchSize: number;
  /** Number of indices produced per epoch (a multiple of batchSize). */
  readonly length: number;
  readonly seed: number;
  private readonly classes: number[];
  private readonly byClass: Map<number, Int32Array>;

  constructor(labels: ArrayLike<number>, m: number, options: MPerClassSamplerOptions = {}) {
    this.m = checkNumber("m", m, 1);
    if (!Number.isInteger(m))
      throw new MetricLearningError("INVALID_OPTION", "m", "must be an integer");
    const groups = new Map<number, number[]>();
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      if (!Number.isInteger(l)) {
        throw new MetricLearningError(
          "INVALID_LABELS",
          "labels",
          `label ${i} is not an integer: ${l}`,
        );
      }
      const g = groups.get(l);
      if (g) g.push(i);
      else groups.set(l, [i]);
    }
    if (groups.size === 0) throw new MetricLearningError("INVALID_LABELS", "labels", "no labels");
    this.byClass = new Map([...groups].map(([l, idx]) => [l, Int32Array.from(idx)]));
    this.classes = [...groups.keys()].sort((a, b) => a - b);
    const full = m * this.classes.length;
    this.batchSize = options.batchSize ?? full;
    if (!Number.isInteger(this.batchSize) || this.batchSize % m !== 0 || this.batchSize > full) {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "batchSize",
        `must be a multiple of m=${m} and at most m * classes = ${full}, got ${this.batchSize}`,
      );
    }
    const want = checkNumber("lengthBeforeNewIter", options.lengthBeforeNewIter ?? 100_000, 1);
    this.length = Math.max(this.batchSize, want - (want % this.batchSize));
    this.seed = options.seed ?? 0;
  }

  /** Number of batches per epoch. */
  get batchesPerEpoch(): number {
    return this.length / this.batchSize;
  }

  /** The flat index order of epoch `epoch`: consecutive runs of `batchSize` are batches. */
  indices(epoch = 0): Int32Array {
    const rand = createRng(mixSeed(this.seed, epoch));
    const out = new Int32Array(this.length);
    const classesPerBatch = this.batchSize / this.m;
    const order = this.classes.slice();
    let k = 0;
    for (let b = 0; b < this.batchesPerEpoch; b++) {
      shuffleInPlace(order, rand);
      for (let c = 0; c < classesPerBatch; c++) {
        const pool = this.byClass.get(order[c]!)!;
        for (const idx of sampleFrom(pool, this.m, rand)) out[k++] = idx;
      }
    }
    return out;
  }

  /** The batches of epoch `epoch`, each an Int32Array of `batchSize` example indices. */
  batches(epoch = 0): Int32Array[] {
    const flat = this.indices(epoch);
    const out: Int32Array[] = [];
    for (let s = 0; s < flat.length; s += this.batchSize)
      out.push(flat.slice(s, s + this.batchSize));
    return out;
  }
}

/** `size` items of `pool`: without replacement when it is big enough, with replacement otherwise. */
function sampleFrom(pool: Int32Array, size: number, rand: () => number): Int32Array {
  const out = new Int32Array(size);
  if (pool.length >= size) {
    const copy = pool.slice();
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(rand() * (copy.length - i));
      const tmp = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = tmp;
      out[i] = copy[i]!;
    }
  } else {
    for (let i = 0; i < size; i++) out[i] = pool[Math.floor(rand() * pool.length)]!;
  }
  return out;
}
