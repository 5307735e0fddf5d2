import { MetricsError } from "./errors.js";

/** A class or cluster label: all labels of one call must be strings or all numbers. */
export type Label = string | number;

/** Labels as any array-like (plain arrays, Int32Array, ...). */
export type Labels = ArrayLike<Label>;

/** Throws LENGTH_MISMATCH unless both sequences have the same length. */
export function assertSameLength(
  a: { length: number },
  aName: string,
  b: { length: number },
  bName: string,
): void {
  if (a.length !== b.length) {
    throw new MetricsError(
      "LENGTH_MISMATCH",
      bName,
      `has length ${b.length} but ${aName} has length ${a.length}`,
    );
  }
}

/** Kind of the labels seen so far; `undefined` while no label has been seen. */
export type LabelKind = "string" | "number" | undefined;

/**
 * Checks every label is a string or a finite number and that all share one kind;
 * returns that kind (`undefined` for an empty input). `expected` carries the kind of
 * a previous argument so that e.g. numeric predictions against string gold are refused.
 */
export function checkLabels(labels: Labels, name: string, expected?: LabelKind): LabelKind {
  let kind: LabelKind = expected;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    const t = typeof label;
    if (t !== "string" && t !== "number") {
      throw new MetricsError("INVALID_LABEL", name, `label at ${i} is a ${t}`, i);
    }
    if (t === "number" && !Number.isFinite(label as number)) {
      throw new MetricsError("INVALID_LABEL", name, `label at ${i} is ${label}`, i);
    }
    if (kind === undefined) kind = t as LabelKind;
    else if (kind !== t) {
      throw new MetricsError(
        "MIXED_LABEL_TYPES",
        name,
        `label at ${i} is a ${t} but earlier labels are ${kind}s (mix of string and number labels)`,
        i,
      );
    }
  }
  return kind;
}

/** Total order used for "sorted unique labels": numeric for numbers, code units for strings. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted union of the labels in the given arrays (sklearn's `unique_labels`). */
export function uniqueSortedLabels(...arrays: Labels[]): Label[] {
  const seen = new Set<Label>();
  for (const array of arrays) for (let i = 0; i < array.length; i++) seen.add(array[i]!);
  return [...seen].sort(compareLabels);
}

/** Label -> dense integer id in first-seen order, plus the number of distinct labels. */
export interface EncodedLabels {
  ids: Int32Array;
  count: number;
}

/** Maps labels to dense ids 0..count-1 (first-seen order); small non-negative integers skip the Map. */
export function encodeLabels(labels: Labels): EncodedLabels {
  const n = labels.length;
  const ids = new Int32Array(n);
  let max = -1;
  let smallIntegers = true;
  for (let i = 0; i < n && smallIntegers; i++) {
    const label = labels[i];
    if (typeof label === "number" && Number.isInteger(label) && label >= 0) {
      if (label > max) max = label;
    } else {
      smallIntegers = false;
    }
  }
  if (smallIntegers && max < 4 * n + 1024) {
    // Integer labels such as cluster ids: a lookup table is several times faster than a Map.
    const table = new Int32Array(max + 1).fill(-1);
    let count = 0;
    for (let i = 0; i < n; i++) {
      const label = labels[i] as number;
      let id = table[label]!;
      if (id < 0) {
        id = count++;
        table[label] = id;
      }
      ids[i] = id;
    }
    return { ids, count };
  }
  const map = new Map<Label, number>();
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    let id = map.get(label);
    if (id === undefined) {
      id = map.size;
      map.set(label, id);
    }
    ids[i] = id;
  }
  return { ids, count: map.size };
}
