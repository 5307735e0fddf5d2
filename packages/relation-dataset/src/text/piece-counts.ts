/**
 * Counts, for every sub-word piece of up to `maxLength` code units, in how many distinct words
 * it occurs, and returns those seen in at least `minCount` words: word-initial pieces as is,
 * inner pieces with `continuation` prepended.
 *
 * Pieces are keyed by a 30-bit rolling hash (small-integer map keys, no string per substring)
 * and only kept pieces are turned back into strings. A rare hash collision merges two pieces'
 * counts; the result stays deterministic.
 */
export function countPieces(
  words: Iterable<string>,
  maxLength: number,
  minCount: number,
  continuation: string,
): Array<[string, number]> {
  const idOfKey = new Map<number, number>();
  let count: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  let word: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  let start: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  let length: Int32Array<ArrayBuffer> = new Int32Array(1 << 16);
  let size = 0;
  const wordList: string[] = [];
  for (const text of words) {
    const w = wordList.length;
    wordList.push(text);
    for (let i = 0; i < text.length; i++) {
      let h = i === 0 ? 0x2f1 : 0x6b3;
      const end = Math.min(text.length, i + maxLength);
      for (let k = i; k < end; k++) {
        h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
        const key = (h >>> 2) ^ (i === 0 ? 0 : 0x15555555);
        const id = idOfKey.get(key);
        if (id !== undefined) {
          count[id]!++;
          continue;
        }
        if (size === count.length) {
          count = grow(count);
          word = grow(word);
          start = grow(start);
          length = grow(length);
        }
        idOfKey.set(key, size);
        count[size] = 1;
        word[size] = w;
        start[size] = i;
        length[size] = k + 1 - i;
        size++;
      }
    }
  }
  const kept: Array<[string, number]> = [];
  for (let id = 0; id < size; id++) {
    if (count[id]! < minCount) continue;
    const piece = wordList[word[id]!]!.slice(start[id]!, start[id]! + length[id]!);
    kept.push([start[id] === 0 ? piece : continuation + piece, count[id]!]);
  }
  return kept;
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
