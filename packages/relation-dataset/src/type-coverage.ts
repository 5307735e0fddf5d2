import type { DocumentConcepts } from "./concepts.js";

/** Entity types of the input that the model (or the given vocabulary) does not know. */
export interface UnknownEntityTypes {
  /** Per unknown type: its mentions and concepts. */
  types: Record<string, { mentions: number; concepts: number }>;
  /** All candidate pairs before any pair filter (every unordered pair of concepts). */
  candidatePairs: number;
  /** Candidate pairs with at least one concept of an unknown type: none of them can be predicted. */
  droppedPairs: number;
}

/**
 * Counts, document by document, the entity types not in `known` and the candidate pairs they
 * cost. Unknown types either come from another corpus's conventions (map them with a
 * `TypeMapping`) or are genuinely outside the model.
 */
export class TypeCoverageCounter {
  private readonly known: ReadonlySet<string>;
  private readonly types: Record<string, { mentions: number; concepts: number }> = {};
  private candidatePairs = 0;
  private droppedPairs = 0;

  constructor(known: Iterable<string>) {
    this.known = new Set(known);
  }

  /** Adds one document's concepts (types already mapped). */
  add(concepts: DocumentConcepts): void {
    for (const m of concepts.mentions) {
      if (!this.known.has(m.type)) this.entry(m.type).mentions++;
    }
    let unknown = 0;
    for (const c of concepts.concepts) {
      if (!this.known.has(c.type)) {
        this.entry(c.type).concepts++;
        unknown++;
      }
    }
    const n = concepts.concepts.length;
    const knownConcepts = n - unknown;
    this.candidatePairs += (n * (n - 1)) / 2;
    this.droppedPairs += (unknown * (unknown - 1)) / 2 + unknown * knownConcepts;
  }

  /** The counts so far. */
  result(): UnknownEntityTypes {
    const types = Object.fromEntries(
      Object.entries(this.types).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return { types, candidatePairs: this.candidatePairs, droppedPairs: this.droppedPairs };
  }

  private entry(type: string): { mentions: number; concepts: number } {
    const key = type === "" ? "(none)" : type;
    this.types[key] ??= { mentions: 0, concepts: 0 };
    return this.types[key];
  }
}
