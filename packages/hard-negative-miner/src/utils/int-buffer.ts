import { MetricLearningError } from "../errors.js";

/** Hard cap on indices built by enumeration, so "all triplets" of a huge batch fails loudly instead of exhausting memory. */
export const MAX_ENUMERATED = 50_000_000;

/** A growable Int32Array. */
export class IntBuffer {
  private data: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      if (this.length >= MAX_ENUMERATED) {
        throw new MetricLearningError(
          "TOO_MANY_TRIPLETS",
          "indices",
          `more than ${MAX_ENUMERATED} pairs/triplets; use a miner that selects fewer`,
        );
      }
      const next = new Int32Array(Math.min(this.data.length * 2, MAX_ENUMERATED));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** A trimmed copy of the content. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
