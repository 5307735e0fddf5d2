import { MetricsError } from "./errors.js";

/** A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

/** Checks a seed is a safe integer. */
export function checkSeed(seed: unknown, argument = "options.seed"): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new MetricsError("INVALID_OPTION", argument, `must be an integer, got ${String(seed)}`);
  }
  return seed;
}

/** A deterministic generator: the same seed always gives the same sequence. */
export function createRandom(seed: number): Random {
  let s = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
  const splitmix = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  if ((a | b | c | d) === 0) a = 1;
  const nextUint32 = () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = () => (nextUint32() * 2 ** 21 + (nextUint32() >>> 11)) / 2 ** 53;
  return {
    next,
    nextInt: (n: number) => Math.floor(next() * n),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
