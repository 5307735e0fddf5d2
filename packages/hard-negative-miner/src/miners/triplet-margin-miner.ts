import { LpDistance } from "../distances/lp-distance.js";
import { checkNumber, MetricLearningError } from "../errors.js";
import type { TripletIndices } from "../types.js";
import type { MetricContext } from "../utils/context.js";
import { IntBuffer } from "../utils/int-buffer.js";
import { BaseMiner, type MinerOptions } from "./base-miner.js";

/** Which triplets TripletMarginMiner keeps, by their margin gap = d(a,n) - d(a,p). */
export type TypeOfTriplets = "all" | "hard" | "semihard" | "easy";

/** Options of {@link TripletMarginMiner} (PML names and defaults). */
export interface TripletMarginMinerOptions extends MinerOptions {
  /** Default 0.2. */
  margin?: number;
  /** "all" (gap <= margin, default), "hard" (gap <= 0), "semihard" (0 < gap <= margin), "easy" (gap > margin). */
  typeOfTriplets?: TypeOfTriplets;
}

const TYPES: readonly TypeOfTriplets[] = ["all", "hard", "semihard", "easy"];

/**
 * Keeps the triplets whose gap between negative and positive distance is in the chosen band.
 * Enumerates triplets in loops over the host matrix, so memory is O(N*M) plus the output.
 */
export class TripletMarginMiner extends BaseMiner<TripletIndices> {
  readonly margin: number;
  readonly typeOfTriplets: TypeOfTriplets;

  constructor(options: TripletMarginMinerOptions = {}) {
    super(options.distance ?? new LpDistance(), options.path);
    this.margin = checkNumber("margin", options.margin ?? 0.2);
    this.typeOfTriplets = options.typeOfTriplets ?? "all";
    if (!TYPES.includes(this.typeOfTriplets)) {
      throw new MetricLearningError(
        "INVALID_OPTION",
        "typeOfTriplets",
        `unknown type ${String(this.typeOfTriplets)}`,
      );
    }
  }

  protected mineMatrix(mat: Float32Array, ctx: MetricContext): TripletIndices {
    const { labels, refLabels, selfIndex } = ctx;
    const m = refLabels.length;
    const inv = this.distance.isInverted;
    const margin = this.margin;
    const type = this.typeOfTriplets;
    const keep = (gap: number) => {
      if (type === "easy") return gap > margin;
      if (gap > margin) return false;
      if (type === "hard") return gap <= 0;
      if (type === "semihard") return gap > 0;
      return true;
    };
    const a = new IntBuffer();
    const p = new IntBuffer();
    const n = new IntBuffer();
    const negatives = new Int32Array(m);
    for (let i = 0; i < labels.length; i++) {
      const li = labels[i]!;
      const self = selfIndex === null ? -1 : selfIndex[i]!;
      const row = i * m;
      let negCount = 0;
      for (let k = 0; k < m; k++) if (refLabels[k] !== li) negatives[negCount++] = k;
      if (negCount === 0) continue;
      for (let j = 0; j < m; j++) {
        if (refLabels[j] !== li || j === self) continue;
        const ap = mat[row + j]!;
        for (let t = 0; t < negCount; t++) {
          const k = negatives[t]!;
          const an = mat[row + k]!;
          if (keep(inv ? ap - an : an - ap)) {
            a.push(i);
            p.push(j);
            n.push(k);
          }
        }
      }
    }
    return { anchors: a.toArray(), positives: p.toArray(), negatives: n.toArray() };
  }
}
