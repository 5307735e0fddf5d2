import { isUtf8 } from "node:buffer";

/**
 * Index of the first byte that starts an invalid UTF-8 sequence in
 * `bytes[from..]`, or -1. A sequence cut off by the end of `bytes` counts as
 * valid when `partialEndOk` (the rest may come in the next chunk).
 */
export function invalidUtf8At(bytes: Uint8Array, from = 0, partialEndOk = false): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need > n - 1) {
      // fewer bytes left than the sequence needs
      for (let k = i + 1; k < n; k++) if (((bytes[k] as number) & 0xc0) !== 0x80) return i;
      return partialEndOk ? -1 : i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of an incomplete UTF-8 sequence at the end of `bytes` (0..3), to carry into the next chunk. */
export function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

/** Every invalid sequence start in `bytes` (for counting in lenient mode); stops after `limit`. */
export function invalidUtf8Offsets(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  let i = 0;
  while (out.length < limit) {
    const at = invalidUtf8At(bytes, i);
    if (at === -1) break;
    out.push(at);
    i = at + 1;
    while (i < bytes.length && ((bytes[i] as number) & 0xc0) === 0x80) i++;
  }
  return out;
}

/** True when all of `bytes` is valid UTF-8 (native, fast). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}
