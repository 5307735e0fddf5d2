// The document ids of one read, for the fast path's refusal of a repeated
// id (fast-fill.ts). The number of documents is known before the walk, so
// the ids go into an open-addressing table sized once (at least twice that
// number, linear probing): no growth and no rehash, which in a Set read each
// id again. On BC6PM Triage (4,082 ids, JSON.parse about 14 ms) the Set took
// about 0.26 ms of the fill, this table about 0.1 ms. Equal ids meet: the
// slot comes from the string alone, and slots compare with ===.

/**
 * Hash of `s` from its length and every character (two a step, the same
 * polynomial as one a step). Every character counts: ids that differ only
 * in their middle (`corpus_2024_000123_abstract`) share any hash of their
 * ends, and with linear probing a file of n such ids took n^2/2 probes
 * (40,000 ids: 5.6 s, where a Set takes 6 ms).
 * @internal exported for its tests
 */
export function hashId(s: string): number {
  const n = s.length;
  let h = n;
  let i = 0;
  for (; i + 1 < n; i += 2)
    h = (Math.imul(h, 961) + Math.imul(s.charCodeAt(i), 31) + s.charCodeAt(i + 1)) | 0;
  if (i < n) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** A set of strings with room for a number of them fixed when it is made. */
export class DistinctIds {
  private readonly slots: (string | undefined)[];
  private readonly mask: number;
  private readonly shift: number;

  /** Room for `count` ids (adding more is not supported). */
  constructor(count: number) {
    let bits = 4;
    while (1 << bits < 2 * count) bits++;
    this.slots = new Array<string | undefined>(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  /** Adds `id`; false when it was already there. */
  add(id: string): boolean {
    const { slots, mask } = this;
    // Fibonacci hashing spreads ids that differ in their last digits
    for (let i = Math.imul(hashId(id), 0x9e3779b1) >>> this.shift; ; i = (i + 1) & mask) {
      const s = slots[i];
      if (s === undefined) {
        slots[i] = id;
        return true;
      }
      if (s === id) return false;
    }
  }
}
