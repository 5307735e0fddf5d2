export { BioreError, formatLocation } from "./errors.js";
export type { BioreErrorOptions, ErrorLocation } from "./errors.js";
export {
  deriveSeed,
  mulberry32,
  seededParts,
  shuffleInPlace,
  shuffled,
  splitHeldOut,
  xoshiro128,
} from "./random.js";
export type { Random } from "./random.js";
export { dot, dot4, squaredDistance, squaredDistance4 } from "./host-math.js";
