/** Every random choice in this package goes through the seeded helpers all @biore packages share. */
export { deriveSeed, mulberry32 as createRng, shuffled, splitHeldOut } from "@biore/internal";
