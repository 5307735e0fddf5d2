import { NONE_LABEL } from "./constants.js";
import { RelationDatasetError } from "./warnings.js";

/** Maps relation labels to contiguous ids, with `None` always id 0. Serializable. */
export class LabelSpace {
  readonly labels: readonly string[];
  private readonly ids: Map<string, number>;

  constructor(relationTypes: Iterable<string>) {
    const unique = [...new Set(relationTypes)].filter((t) => t !== NONE_LABEL).sort();
    this.labels = [NONE_LABEL, ...unique];
    this.ids = new Map(this.labels.map((label, id) => [label, id]));
  }

  /** Number of labels, `None` included. */
  get size(): number {
    return this.labels.length;
  }

  /** Id of a label; throws for a label this space does not know. */
  id(label: string): number {
    const id = this.ids.get(label);
    if (id === undefined) {
      throw new RangeError(`unknown relation label "${label}"; known: ${this.labels.join(", ")}`);
    }
    return id;
  }

  /** Whether the label is known. */
  has(label: string): boolean {
    return this.ids.has(label);
  }

  /** Label of an id; throws when out of range. */
  label(id: number): string {
    const label = this.labels[id];
    if (label === undefined)
      throw new RangeError(`label id ${id} out of range 0..${this.size - 1}`);
    return label;
  }

  /** Serializable form (`None` first, then sorted types). */
  toJSON(): { labels: string[] } {
    return { labels: [...this.labels] };
  }

  /** Restores a space saved with `toJSON`; ids are unchanged. */
  static fromJSON(json: { labels: readonly string[] }): LabelSpace {
    if (json.labels[0] !== NONE_LABEL) {
      throw new RelationDatasetError(
        "INVALID_LABEL_SPACE",
        `label space must start with "${NONE_LABEL}", got "${json.labels[0]}"`,
      );
    }
    const space = new LabelSpace(json.labels);
    if (space.labels.join("\u0000") !== json.labels.join("\u0000")) {
      throw new RelationDatasetError(
        "INVALID_LABEL_SPACE",
        "label space JSON is not in canonical order (None first, then sorted types)",
      );
    }
    return space;
  }
}
