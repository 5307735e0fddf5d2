import { loneSurrogateAt } from "../encoding/decode.js";

// JSON.parse keeps the last of two equal keys without a word and turns a
// "\ud800" escape into a lone surrogate. This scanner walks a text that
// JSON.parse has accepted, skipping string bodies with indexOf, and reports
// both with their character offset.

const QUOTE = 34;
const BACKSLASH = 92;

/** What the scanner found, with the offset of the string (its opening quote) in the text. */
export interface JsonKeyScanHandlers {
  duplicateKey(key: string, at: number): void;
  loneSurrogate(at: number): void;
}

/** Keys of one open object; a Set once it grows (objects are usually small). */
class KeySet {
  private list: string[] = [];
  private set: Set<string> | undefined;
  /** Adds the key; false when it was already there. */
  add(key: string): boolean {
    if (this.set) {
      if (this.set.has(key)) return false;
      this.set.add(key);
      return true;
    }
    if (this.list.includes(key)) return false;
    this.list.push(key);
    if (this.list.length > 16) this.set = new Set(this.list);
    return true;
  }
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

/** Scans valid JSON text for duplicate keys (per object) and escaped lone surrogates. */
export function scanJsonKeys(text: string, on: JsonKeyScanHandlers): void {
  const stack: (KeySet | null)[] = [];
  let expectKey = false;
  const n = text.length;
  // next backslash at or after the current string (searched again only once passed)
  let slash = text.indexOf("\\");
  if (slash === -1) slash = n;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (slash < i) {
        slash = text.indexOf("\\", i);
        if (slash === -1) slash = n;
      }
      const escaped = slash < end;
      let value: string | undefined;
      if (escaped) {
        value = JSON.parse(text.slice(i, end + 1)) as string;
        if (loneSurrogateAt(value) !== -1) on.loneSurrogate(i);
      }
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const key = value ?? text.slice(i + 1, end);
        if (!top.add(key)) on.duplicateKey(key, i);
        expectKey = false;
      }
      i = end;
    } else if (c === 123) {
      stack.push(new KeySet());
      expectKey = true;
    } else if (c === 91) stack.push(null);
    else if (c === 125 || c === 93) stack.pop();
    else if (c === 44) expectKey = stack[stack.length - 1] != null;
  }
}
