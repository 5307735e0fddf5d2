import { mulberry32 } from "@biore/internal";

export { shuffleInPlace } from "@biore/internal";

/** A seeded uniform [0, 1) generator: mulberry32 over the seed mixed with the golden ratio. */
export function createRng(seed: number): () => number {
  return mulberry32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
}

/** Mixes a seed and an epoch number into a new seed. */
export function mixSeed(seed: number, epoch: number): number {
  return (Math.imul(seed ^ 0x85ebca6b, 0xc2b2ae35) + Math.imul(epoch + 1, 0x27d4eb2f)) >>> 0;
}
