// What the fast fill (fast-fill.ts) asks of a parsed JSON value, field by
// field: each test reads the value once and allocates nothing. The "state"
// tests answer 1 (present and right), 0 (missing: the fill adds the default)
// or -1 (anything else: the fill gives up), and infonsState also counts the
// properties for the key-count proof.

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isOffset(v: unknown): boolean {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** 1 for an array, 0 for a missing field, -1 for anything else. */
export function arrayState(v: unknown): number {
  if (Array.isArray(v)) return 1;
  return v === undefined ? 0 : -1;
}

function isEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

/** An empty list, or no list (the fill adds an empty one). */
export function isEmptyOrMissing(v: unknown): boolean {
  return v === undefined || isEmptyList(v);
}

/**
 * A passage (its infons already measured by {@link infonsState}) with
 * infons, text and every list present and empty, as all 8,162 of BC6PM
 * Triage's: nothing to default, check or normalize, which the full walk
 * would find item by item (BC6PM Triage fill about 15% faster with this
 * test first).
 */
export function isBare(v: JsonObject, infons: number): boolean {
  return (
    infons > 0 &&
    typeof v.text === "string" &&
    isEmptyList(v.sentences) &&
    isEmptyList(v.annotations) &&
    isEmptyList(v.relations)
  );
}

/** The known properties of a passage {@link isBare} takes; -1 for any other value. */
function barePassageKeys(v: unknown): number {
  if (!isObject(v) || !isOffset(v.offset)) return -1;
  const infons = infonsState(v.infons);
  return isBare(v, infons) ? 5 + infons : -1;
}

/** The known properties of all of `passages` when {@link isBare} takes each; else -1. */
export function barePassagesKeys(passages: unknown[]): number {
  let keys = 0;
  for (let i = 0; i < passages.length; i++) {
    const k = barePassageKeys(passages[i]);
    if (k < 0) return -1;
    keys += k;
  }
  return keys;
}

/** 1 for a string, 0 for a missing field, -1 for anything else. */
export function stringState(v: unknown): number {
  if (typeof v === "string") return 1;
  return v === undefined ? 0 : -1;
}

/** 1 + its property count for an infons object of strings, 0 when missing, -1 otherwise. */
export function infonsState(v: unknown): number {
  if (v === undefined) return 0;
  if (!isObject(v)) return -1;
  let n = 1;
  for (const k in v) {
    if (typeof v[k] !== "string") return -1;
    n++;
  }
  return n;
}
