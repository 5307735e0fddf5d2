import type { PairIndices } from "../types.js";
import { IntBuffer } from "./int-buffer.js";

/** Collects the positive pairs (a1, p) and negative pairs (a2, n) a pair miner selects, in order. */
export class PairCollector {
  private readonly a1 = new IntBuffer();
  private readonly p = new IntBuffer();
  private readonly a2 = new IntBuffer();
  private readonly n = new IntBuffer();

  positive(anchor: number, positive: number): void {
    this.a1.push(anchor);
    this.p.push(positive);
  }

  negative(anchor: number, negative: number): void {
    this.a2.push(anchor);
    this.n.push(negative);
  }

  toIndices(): PairIndices {
    return {
      a1: this.a1.toArray(),
      p: this.p.toArray(),
      a2: this.a2.toArray(),
      n: this.n.toArray(),
    };
  }
}
