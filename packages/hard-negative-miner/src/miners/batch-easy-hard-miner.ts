import { MetricLearningError } from "../errors.js";
import { LpDistance } from "../distances/lp-distance.js";
import type { PairIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { IntBuffer } from "../utils/int-buffer.js";
import { BaseMiner, type MinerOptions } from "./base-miner.js";

/** How BatchEasyHardMiner picks positives or negatives per anchor. */
export type EasyHardStrategy = "easy" | "semihard" | "hard" | "all";

/** Options of {@link BatchEasyHardMiner} (PML names and defaults). */
export interface BatchEasyHardMinerOptions extends MinerOptions {
  /** Default "easy" (Xuan et al. 2020: easy positives, semihard negatives). */
  posStrategy?: EasyHardStrategy;
  /** Default "semihard". */
  negStrategy?: EasyHardStrategy;
  /** Only positives whose distance lies in [min, max] are considered. */
  allowedPosRange?: readonly [number, number] | null;
  /** Only negatives whose distance lies in [min, max] are considered. */
  allowedNegRange?: readonly [number, number] | null;
}

const STRATEGIES: readonly EasyHardStrategy[] = ["easy", "semihard", "hard", "all"];

/**
 * Per anchor, one positive and one negative chosen by strategy (easy = closest positive /
 * farthest negative, hard = the opposite, semihard = relative to the other pick, all = every
 * pair). Returns pairs `{a1, p, a2, n}`, as PML does.
 */
export class BatchEasyHardMiner extends BaseMiner<PairIndices> {
  readonly posStrategy: EasyHardStrategy;
  readonly negStrategy: EasyHardStrategy;
  readonly allowedPosRange: readonly [number, number] | null;
  readonly allowedNegRange: readonly [number, number] | null;

  constructor(options: BatchEasyHardMinerOptions = {}) {
    super(options.distance ?? new LpDistance(), options.path);
    this.posStrategy = options.posStrategy ?? "easy";
    this.negStrategy = options.negStrategy ?? "semihard";
    for (const [name, s] of [
      ["posStrategy", this.posStrategy],
      ["negStrategy", this.negStrategy],
    ] as const) {
      if (!STRATEGIES.includes(s)) {
        throw new MetricLearningError("INVALID_OPTION", name, `unknown strategy ${String(s)}`);
      }
    }
    const pair = [this.posStrategy, this.negStrategy];
    if (pair[0] === pair[1] && (pair[0] === "semihard" || pair[0] === "all")) {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "negStrategy",
        `posStrategy and negStrategy cannot both be "${pair[0]}"`,
      );
    }
    if (pair.includes("semihard") && pair.includes("all")) {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "negStrategy",
        '"semihard" needs a single pick on the other side, not "all"',
      );
    }
    this.allowedPosRange = options.allowedPosRange ?? null;
    this.allowedNegRange = options.allowedNegRange ?? null;
  }

  protected mineMatrix(mat: Float32Array, ctx: MetricContext): PairIndices {
    const { labels, refLabels, selfIndex } = ctx;
    const m = refLabels.length;
    const inv = this.distance.isInverted;
    // Whether the pick takes the row maximum, as PML's get_mine_function (negatives swap easy/hard).
    const posMax = this.posStrategy === "easy" ? inv : !inv;
    const negMax = this.negStrategy === "easy" ? !inv : inv;
    const out = {
      a1: new IntBuffer(),
      p: new IntBuffer(),
      a2: new IntBuffer(),
      n: new IntBuffer(),
    };
    const inRange = (v: number, r: readonly [number, number] | null) =>
      r === null || (v >= r[0] && v <= r[1]);

    for (let i = 0; i < labels.length; i++) {
      const li = labels[i]!;
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      const row = i * m;
      const isPos = (j: number) => refLabels[j] === li && j !== self;
      const isNeg = (j: number) => refLabels[j] !== li;
      const pick = (
        accept: (j: number) => boolean,
        range: readonly [number, number] | null,
        useMax: boolean,
        threshold: number | null,
      ): [number, number] => {
        let best = -1;
        let bestVal = useMax ? -Infinity : Infinity;
        for (let j = 0; j < m; j++) {
          if (!accept(j)) continue;
          const v = mat[row + j]!;
          if (!inRange(v, range)) continue;
          // semihard: strictly on the near side of the other pick
          if (threshold !== null && (useMax ? v >= threshold : v <= threshold)) continue;
          if (best < 0 || (useMax ? v > bestVal : v < bestVal)) {
            best = j;
            bestVal = v;
          }
        }
        return [best, bestVal];
      };
      let pos = -1;
      let neg = -1;
      if (this.posStrategy === "semihard") {
        const [nj, nv] = pick(isNeg, this.allowedNegRange, negMax, null);
        neg = nj;
        pos = pick(isPos, this.allowedPosRange, posMax, nv)[0];
      } else if (this.negStrategy === "semihard") {
        const [pj, pv] = pick(isPos, this.allowedPosRange, posMax, null);
        pos = pj;
        neg = pick(isNeg, this.allowedNegRange, negMax, pv)[0];
      } else {
        if (this.posStrategy !== "all") pos = pick(isPos, this.allowedPosRange, posMax, null)[0];
        if (this.negStrategy !== "all") neg = pick(isNeg, this.allowedNegRange, negMax, null)[0];
      }
      if (this.posStrategy === "all") {
        this.pushAll(out.a1, out.p, i, row, mat, isPos, this.allowedPosRange, m);
        if (neg >= 0) {
          out.a2.push(i);
          out.n.push(neg);
        }
      } else if (this.negStrategy === "all") {
        if (pos >= 0) {
          out.a1.push(i);
          out.p.push(pos);
        }
        this.pushAll(out.a2, out.n, i, row, mat, isNeg, this.allowedNegRange, m);
      } else if (pos >= 0 && neg >= 0) {
        out.a1.push(i);
        out.p.push(pos);
        out.a2.push(i);
        out.n.push(neg);
      }
    }
    return { a1: out.a1.toArray(), p: out.p.toArray(), a2: out.a2.toArray(), n: out.n.toArray() };
  }

  private pushAll(
    anchors: IntBuffer,
    others: IntBuffer,
    i: number,
    row: number,
    mat: Float32Array,
    accept: (j: number) => boolean,
    range: readonly [number, number] | null,
    m: number,
  ): void {
    for (let j = 0; j < m; j++) {
      if (!accept(j)) continue;
      const v = mat[row + j]!;
      if (range !== null && (v < range[0] || v > range[1])) continue;
      anchors.push(i);
      others.push(j);
    }
  }
}
