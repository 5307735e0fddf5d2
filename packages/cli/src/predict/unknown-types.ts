import type { UnknownEntityTypes } from "@biore/relation-dataset";

/** Sums relation-dataset's per-batch unknown-type counts over a shard or a run. */
export class UnknownTypeTally {
  private readonly types: Record<string, { mentions: number; concepts: number }> = {};
  private candidatePairs = 0;
  private droppedPairs = 0;

  add(part: UnknownEntityTypes): void {
    for (const [type, n] of Object.entries(part.types)) {
      this.types[type] ??= { mentions: 0, concepts: 0 };
      const t = this.types[type];
      t.mentions += n.mentions;
      t.concepts += n.concepts;
    }
    this.candidatePairs += part.candidatePairs;
    this.droppedPairs += part.droppedPairs;
  }

  result(): UnknownEntityTypes {
    const types = Object.fromEntries(
      Object.entries(this.types).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return { types, candidatePairs: this.candidatePairs, droppedPairs: this.droppedPairs };
  }
}

/** `Chemical (5,352 mentions), Disease (4,421 mentions)`. */
export function describeUnknownTypes(unknown: UnknownEntityTypes): string {
  return Object.entries(unknown.types)
    .map(([type, n]) => `${type} (${n.mentions.toLocaleString("en-US")} mentions)`)
    .join(", ");
}

/** True when the model knows the entity types of none of the candidate pairs (and there were some). */
export function knowsNoPair(unknown: UnknownEntityTypes): boolean {
  return unknown.candidatePairs > 0 && unknown.droppedPairs === unknown.candidatePairs;
}

/** `<source>: the model knows none of the entity types of its N candidate pairs (…); <outcome>`. */
export function knowsNoPairMessage(
  source: string,
  unknown: UnknownEntityTypes,
  outcome: string,
): string {
  return `${source}: the model knows none of the entity types of its ${unknown.candidatePairs} candidate pairs (${describeUnknownTypes(unknown)}); ${outcome}`;
}
