/**
 * One canonical form for passage text, so XML and JSON of the same collection
 * read to equal models: a passage whose text is carried by its sentences has
 * no `text` (XML omits the element, NCBI JSON writes `""`); any other passage
 * has a string, `""` when missing.
 */
export function normalizePassageText(
  text: string | undefined,
  sentenceCount: number,
): string | undefined {
  if (sentenceCount > 0) return text === undefined || text === "" ? undefined : text;
  return text ?? "";
}

/** Sets an infon so that even a key like `__proto__` is stored as plain data. */
export function setInfon(infons: Record<string, string>, key: string, value: string): void {
  if (key === "__proto__") {
    Object.defineProperty(infons, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else infons[key] = value;
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8
 * keeps substrings as views into their parent, so an id kept in a Set while
 * streaming would otherwise pin every chunk the parser ever saw.
 */
export function detachString(s: string): string {
  return Buffer.from(s, "utf16le").toString("utf16le");
}
