import { loneSurrogateAt } from "../encoding/decode.js";

// JSON.parse keeps the last of two equal keys without a word and turns a
// "\ud800" escape into a lone surrogate. This scanner walks a text that
// JSON.parse has accepted, skipping string bodies with indexOf, and reports
// both with their character offset. It allocates nothing per object: the keys
// of the open objects are (start, end) pairs in two flat arrays, compared in
// place (objects are small; a large one gets a Set).

const QUOTE = 34;
const BACKSLASH = 92;
const LARGE_OBJECT = 32;

/** What the scanner found, with the offset of the string (its opening quote) in the text. */
export interface JsonKeyScanHandlers {
  duplicateKey(key: string, at: number): void;
  loneSurrogate(at: number): void;
}

function stringEnd(text: string, open: number): number {
  let from = open + 1;
  while (true) {
    const q = text.indexOf('"', from);
    if (q === -1) return text.length;
    let k = q - 1;
    while (text.charCodeAt(k) === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    from = q + 1;
  }
}

function sameSlice(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++)
    if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** Scans valid JSON text for duplicate keys (per object) and escaped lone surrogates. */
export function scanJsonKeys(text: string, on: JsonKeyScanHandlers): void {
  const keyStart: number[] = []; // key bodies (without quotes) of every open object
  const keyEnd: number[] = [];
  const frames: number[] = []; // per open container: index into keyStart, or -1 for an array
  const sets = new Map<number, Set<string>>(); // frame -> keys, for large objects
  let escapedKeys: Map<number, string> | undefined; // keyStart index -> decoded key
  let expectKey = false;
  let slash = text.indexOf("\\");
  if (slash === -1) slash = text.length;
  const n = text.length;
  const decodedAt = (k: number): string =>
    escapedKeys?.get(k) ?? text.slice(keyStart[k] as number, keyEnd[k] as number);

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (slash < i) {
        slash = text.indexOf("\\", i);
        if (slash === -1) slash = n;
      }
      const escaped = slash < end;
      let decoded: string | undefined;
      if (escaped) {
        decoded = JSON.parse(text.slice(i, end + 1)) as string;
        if (loneSurrogateAt(decoded) !== -1) on.loneSurrogate(i);
      }
      const frame = frames[frames.length - 1];
      if (expectKey && frame !== undefined && frame >= 0) {
        let duplicate = false;
        const set = sets.get(frame);
        if (set) {
          const key = decoded ?? text.slice(i + 1, end);
          duplicate = set.has(key);
          set.add(key);
        } else if (decoded === undefined && escapedKeys === undefined) {
          for (let k = frame; k < keyStart.length && !duplicate; k++)
            duplicate = sameSlice(text, keyStart[k] as number, keyEnd[k] as number, i + 1, end);
        } else {
          const key = decoded ?? text.slice(i + 1, end);
          for (let k = frame; k < keyStart.length && !duplicate; k++)
            duplicate = decodedAt(k) === key;
        }
        if (duplicate) on.duplicateKey(decoded ?? text.slice(i + 1, end), i);
        if (decoded !== undefined) {
          escapedKeys ??= new Map();
          escapedKeys.set(keyStart.length, decoded);
        }
        keyStart.push(i + 1);
        keyEnd.push(end);
        if (!set && keyStart.length - frame > LARGE_OBJECT) {
          const all = new Set<string>();
          for (let k = frame; k < keyStart.length; k++) all.add(decodedAt(k));
          sets.set(frame, all);
        }
        expectKey = false;
      }
      i = end;
    } else if (c === 123) {
      frames.push(keyStart.length);
      expectKey = true;
    } else if (c === 91) frames.push(-1);
    else if (c === 125 || c === 93) {
      const frame = frames.pop();
      if (frame !== undefined && frame >= 0) {
        keyStart.length = frame;
        keyEnd.length = frame;
        sets.delete(frame);
        if (escapedKeys) {
          for (const k of escapedKeys.keys()) if (k >= frame) escapedKeys.delete(k);
          if (escapedKeys.size === 0) escapedKeys = undefined;
        }
      }
    } else if (c === 44) {
      const frame = frames[frames.length - 1];
      expectKey = frame !== undefined && frame >= 0;
    }
  }
}
