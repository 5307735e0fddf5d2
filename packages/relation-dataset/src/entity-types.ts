import { RelationDatasetError } from "./warnings.js";

/** Maps entity-type names to ids, 0 meaning "no entity"; types sorted for stable ids. Serializable. */
export class EntityTypeSpace {
  /** `names[0]` is the empty string (no entity). */
  readonly names: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(types: Iterable<string>) {
    const unique = [...new Set(types)].filter((t) => t !== "").sort();
    this.names = ["", ...unique];
    this.ids = new Map(this.names.map((name, id) => [name, id]));
  }

  /** Number of ids including 0. */
  get size(): number {
    return this.names.length;
  }

  /** Whether the type is known. */
  has(type: string): boolean {
    return type !== "" && this.ids.has(type);
  }

  /** Id of a type; 0 for an unknown type (callers warn). */
  id(type: string): number {
    return this.ids.get(type) ?? 0;
  }

  /** Name of an id ("" for 0). */
  name(id: number): string {
    const name = this.names[id];
    if (name === undefined)
      throw new RangeError(`entity type id ${id} out of range 0..${this.size - 1}`);
    return name;
  }

  /** Id of the unordered pair of two type ids: `lo * size + hi` (lo <= hi), in [0, size * size). */
  pairId(a: number, b: number): number {
    return a <= b ? a * this.size + b : b * this.size + a;
  }

  /** Serializable form. */
  toJSON(): { types: string[] } {
    return { types: this.names.slice(1) };
  }

  /** Restores a space saved with `toJSON`; ids are unchanged. */
  static fromJSON(json: unknown): EntityTypeSpace {
    const j = json as { types?: unknown } | null;
    if (!j || !Array.isArray(j.types) || !j.types.every((t) => typeof t === "string" && t !== "")) {
      throw new RelationDatasetError(
        "INVALID_ENTITY_TYPES_JSON",
        'expected {"types": [non-empty strings]}',
      );
    }
    const space = new EntityTypeSpace(j.types as string[]);
    if (space.names.slice(1).join("\u0000") !== j.types.join("\u0000")) {
      throw new RelationDatasetError(
        "INVALID_ENTITY_TYPES_JSON",
        "entity types are not sorted and unique",
      );
    }
    return space;
  }
}
