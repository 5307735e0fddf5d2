import type { TextSpan } from "./sentences.js";

/**
 * A word: letters/digits joined by inner punctuation, so that variants (`p.V1763M`,
 * `c.1314_1328del`, `g.3318-6T>A`, `rs1042522`), chemicals (`1,25-dihydroxyvitamin`,
 * `L-thyroxine`), gene symbols (`TGF-beta1`, `IL-6`) and decimals (`1.4`) stay whole;
 * any other non-space character is a word of its own.
 */
const WORD = /[\p{L}\p{N}\p{M}]+(?:[-.,/:_>+*~^][\p{L}\p{N}\p{M}]+)*|\S/gu;

/**
 * Splits text into words with their offsets (`base` added). `boundaries` (sorted, absolute
 * offsets, e.g. mention starts and ends) force a split inside a word so that every mention
 * covers whole words.
 */
export function splitWords(text: string, base = 0, boundaries: readonly number[] = []): TextSpan[] {
  const words: TextSpan[] = [];
  let b = lowerBound(boundaries, base);
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    let start = base + match.index;
    const end = start + match[0].length;
    while (b < boundaries.length && boundaries[b]! <= start) b++;
    while (b < boundaries.length && boundaries[b]! < end) {
      words.push({ start, end: boundaries[b]! });
      start = boundaries[b]!;
      b++;
    }
    words.push({ start, end });
  }
  return words;
}

/** First index whose value is >= x. */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
