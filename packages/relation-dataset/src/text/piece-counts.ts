/**
 * Counts, for every sub-word piece of up to `maxLength` code units, in how many distinct words
 * it occurs, and returns those seen in at least `minCount` words: word-initial pieces as is,
 * inner pieces with `continuation` prepended.
 *
 * Pieces are keyed by a 30-bit rolling hash in an open-addressing table of typed arrays (no
 * string or map entry per substring; BioRED Train has ~470k substrings) and only kept pieces
 * are turned back into strings. A rare hash collision merges two pieces' counts; the result
 * stays deterministic.
 */
export function countPieces(
  words: Iterable<string>,
  maxLength: number,
  minCount: number,
  continuation: string,
): Array<[string, number]> {
  const table = new PieceTable();
  const wordList: string[] = [];
  for (const text of words) {
    const w = wordList.length;
    wordList.push(text);
    for (let i = 0; i < text.length; i++) {
      let h = i === 0 ? 0x2f1 : 0x6b3;
      const end = Math.min(text.length, i + maxLength);
      for (let k = i; k < end; k++) {
        h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
        table.add((h >>> 2) ^ (i === 0 ? 0 : 0x15555555), w, i, k + 1 - i);
      }
    }
  }
  const kept: Array<[string, number]> = [];
  for (let id = 0; id < table.size; id++) {
    if (table.count[id]! < minCount) continue;
    const start = table.start[id]!;
    const piece = wordList[table.word[id]!]!.slice(start, start + table.length[id]!);
    kept.push([start === 0 ? piece : continuation + piece, table.count[id]!]);
  }
  return kept;
}

/** Hash -> dense id (linear probing), with per-id count and first occurrence. */
class PieceTable {
  size = 0;
  count: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  word: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  start: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  length: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  private keys: Int32Array<ArrayBuffer> = new Int32Array(1 << 17);
  private slots: Int32Array<ArrayBuffer> = new Int32Array(1 << 17).fill(-1);
  private mask = (1 << 17) - 1;

  add(key: number, word: number, start: number, length: number): void {
    let at = key & this.mask;
    for (;;) {
      const id = this.slots[at]!;
      if (id < 0) break;
      if (this.keys[at] === key) {
        this.count[id]!++;
        return;
      }
      at = (at + 1) & this.mask;
    }
    const id = this.size++;
    if (id === this.count.length) this.growEntries();
    this.keys[at] = key;
    this.slots[at] = id;
    this.count[id] = 1;
    this.word[id] = word;
    this.start[id] = start;
    this.length[id] = length;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  private growEntries(): void {
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.count = grow(this.count);
    this.word = grow(this.word);
    this.start = grow(this.start);
    this.length = grow(this.length);
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.slots = new Int32Array(oldSlots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const id = oldSlots[i]!;
      if (id < 0) continue;
      let at = oldKeys[i]! & this.mask;
      while (this.slots[at]! >= 0) at = (at + 1) & this.mask;
      this.keys[at] = oldKeys[i]!;
      this.slots[at] = id;
    }
  }
}
