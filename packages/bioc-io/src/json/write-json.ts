import { offsetValue } from "../offset-value.js";
import type {
  BioCAnnotation,
  BioCCollectionHeader,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  BioCSentence,
} from "../model.js";

// Writes the NCBI BioC-JSON layout with every field present (empty arrays and
// infons included), keys in the order the BioC schema lists them.

/** Options of the JSON writer. */
export interface JsonWriteOptions {
  /** Spaces per indentation level; 0 (default) writes one compact line. */
  indent?: number;
}

function annotationValue(a: BioCAnnotation) {
  return {
    id: a.id,
    infons: a.infons,
    text: a.text,
    locations: a.locations.map((l) => ({
      offset: offsetValue(l.offset, "location offset"),
      length: offsetValue(l.length, "location length"),
    })),
  };
}

function relationValue(r: BioCRelation) {
  return {
    id: r.id,
    infons: r.infons,
    nodes: r.nodes.map((n) => ({ refid: n.refid, role: n.role })),
  };
}

function sentenceValue(s: BioCSentence) {
  return {
    offset: offsetValue(s.offset, "sentence offset"),
    infons: s.infons,
    text: s.text,
    annotations: s.annotations.map(annotationValue),
    relations: s.relations.map(relationValue),
  };
}

function passageValue(p: BioCPassage) {
  return {
    offset: offsetValue(p.offset, "passage offset"),
    infons: p.infons,
    text: p.text,
    sentences: p.sentences.map(sentenceValue),
    annotations: p.annotations.map(annotationValue),
    relations: p.relations.map(relationValue),
  };
}

/** The JSON value of one document (key order fixed). */
export function documentToJsonValue(d: BioCDocument) {
  return {
    id: d.id,
    infons: d.infons,
    passages: d.passages.map(passageValue),
    annotations: d.annotations.map(annotationValue),
    relations: d.relations.map(relationValue),
  };
}

/** Pieces of a JSON collection, so eager and streaming writers emit the same bytes. */
export class JsonCollectionFormatter {
  private readonly indent: number;
  private readonly nl: string;
  private count = 0;

  constructor(opts: JsonWriteOptions = {}) {
    this.indent = opts.indent ?? 0;
    this.nl = this.indent > 0 ? "\n" : "";
  }

  private pad(level: number): string {
    return " ".repeat(this.indent * level);
  }

  private field(key: string, value: unknown): string {
    const sep = this.indent > 0 ? ": " : ":";
    const json = JSON.stringify(value, null, this.indent).replaceAll("\n", `\n${this.pad(1)}`);
    return `${this.pad(1)}${JSON.stringify(key)}${sep}${json}`;
  }

  /** Everything up to and including the opening `[` of `documents`. */
  open(header: BioCCollectionHeader): string {
    const fields = [
      this.field("source", header.source),
      this.field("date", header.date),
      this.field("key", header.key),
    ];
    if (header.version !== undefined) fields.push(this.field("version", header.version));
    fields.push(this.field("infons", header.infons));
    const sep = this.indent > 0 ? ": " : ":";
    return `{${this.nl}${fields.join(`,${this.nl}`)},${this.nl}${this.pad(1)}"documents"${sep}[`;
  }

  /** One document, with the separator it needs. */
  document(doc: BioCDocument): string {
    const json = JSON.stringify(documentToJsonValue(doc), null, this.indent);
    const body = this.indent > 0 ? json.replaceAll("\n", `\n${this.pad(2)}`) : json;
    const prefix = this.count++ === 0 ? "" : ",";
    return `${prefix}${this.nl}${this.pad(2)}${body}`;
  }

  /** Closes `documents` and the collection. */
  close(): string {
    const end = this.count > 0 ? `${this.nl}${this.pad(1)}` : "";
    return `${end}]${this.nl}}${this.nl}`;
  }
}
