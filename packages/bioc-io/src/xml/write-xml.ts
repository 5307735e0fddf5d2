import { offsetValue } from "../offset-value.js";
import { BioCError } from "../errors.js";
import type {
  BioCAnnotation,
  BioCCollectionHeader,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  BioCSentence,
  Infons,
} from "../model.js";

// Writes BioC XML: v1 (`<id>`, `<offset>` elements, the layout of BioC.dtd)
// unless the collection has a `version`, then v2 (attributes + `<version>`).
// One document per line by default; `indent` pretty-prints. Only whitespace
// between elements is added, which readers ignore, so text is never altered.

/** Options of the XML writer. */
export interface XmlWriteOptions {
  /** Spaces per indentation level; 0 (default) writes one line per document. */
  indent?: number;
}

const TEXT_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\r": "&#13;",
};
const ATTR_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\r": "&#13;",
  "\n": "&#10;",
  "\t": "&#9;",
};
// Characters XML 1.0 cannot carry at all (even as references).
const INVALID_XML_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we must reject
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function check(s: string, what: string, docId: string | undefined): void {
  const m = INVALID_XML_CHARS.exec(s);
  if (m) {
    const code = (m[0].codePointAt(0) ?? 0).toString(16).padStart(4, "0");
    throw new BioCError(
      "INVALID_VALUE",
      `${what} contains U+${code}, which XML 1.0 cannot represent`,
      {
        ...(docId !== undefined ? { documentId: docId } : {}),
        offset: m.index,
      },
    );
  }
}

/** Escapes element text. */
export function escapeText(s: string): string {
  return /[&<>\r]/.test(s) ? s.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] as string) : s;
}

/** Escapes an attribute value (double-quoted), keeping tabs and newlines intact on re-read. */
export function escapeAttr(s: string): string {
  return /[&<>"\r\n\t]/.test(s) ? s.replace(/[&<>"\r\n\t]/g, (c) => ATTR_ESCAPES[c] as string) : s;
}

/** Serializes documents and the collection frame to BioC XML text. */
export class XmlCollectionFormatter {
  private readonly indent: number;
  private v2 = false;
  private docId: string | undefined;

  constructor(opts: XmlWriteOptions = {}) {
    this.indent = opts.indent ?? 0;
  }

  private line(level: number): string {
    return this.indent > 0 ? `\n${" ".repeat(this.indent * level)}` : "";
  }

  private text(s: string, what: string): string {
    check(s, what, this.docId);
    return escapeText(s);
  }

  private attr(s: string, what: string): string {
    check(s, what, this.docId);
    return escapeAttr(s);
  }

  private infons(infons: Infons, level: number): string {
    let out = "";
    for (const key in infons) {
      out += `${this.line(level)}<infon key="${this.attr(key, "infon key")}">${this.text(infons[key] as string, `infon ${key}`)}</infon>`;
    }
    return out;
  }

  private annotation(a: BioCAnnotation, level: number): string {
    let out = `${this.line(level)}<annotation id="${this.attr(a.id, "annotation id")}">`;
    out += this.infons(a.infons, level + 1);
    for (const l of a.locations)
      out += `${this.line(level + 1)}<location offset="${offsetValue(l.offset, "location offset")}" length="${offsetValue(l.length, "location length")}"/>`;
    out += `${this.line(level + 1)}<text>${this.text(a.text, "annotation text")}</text>`;
    return `${out}${this.line(level)}</annotation>`;
  }

  private relation(r: BioCRelation, level: number): string {
    let out = `${this.line(level)}<relation id="${this.attr(r.id, "relation id")}">`;
    out += this.infons(r.infons, level + 1);
    for (const n of r.nodes) {
      out += `${this.line(level + 1)}<node refid="${this.attr(n.refid, "node refid")}" role="${this.attr(n.role, "node role")}"/>`;
    }
    return `${out}${this.line(level)}</relation>`;
  }

  private annotationsAndRelations(
    x: { annotations: BioCAnnotation[]; relations: BioCRelation[] },
    level: number,
  ): string {
    let out = "";
    for (const a of x.annotations) out += this.annotation(a, level);
    for (const r of x.relations) out += this.relation(r, level);
    return out;
  }

  private offsetOpen(tag: string, offset: number, level: number): string {
    offsetValue(offset, `${tag} offset`);
    return this.v2
      ? `${this.line(level)}<${tag} offset="${offset}">`
      : `${this.line(level)}<${tag}>`;
  }

  private offsetElement(offset: number, level: number): string {
    return this.v2 ? "" : `${this.line(level)}<offset>${offset}</offset>`;
  }

  private sentence(s: BioCSentence, level: number): string {
    let out = this.offsetOpen("sentence", s.offset, level);
    out += this.infons(s.infons, level + 1);
    out += this.offsetElement(s.offset, level + 1);
    out += `${this.line(level + 1)}<text>${this.text(s.text, "sentence text")}</text>`;
    out += this.annotationsAndRelations(s, level + 1);
    return `${out}${this.line(level)}</sentence>`;
  }

  private passage(p: BioCPassage, level: number): string {
    let out = this.offsetOpen("passage", p.offset, level);
    out += this.infons(p.infons, level + 1);
    out += this.offsetElement(p.offset, level + 1);
    if (p.text !== undefined)
      out += `${this.line(level + 1)}<text>${this.text(p.text, "passage text")}</text>`;
    for (const s of p.sentences) out += this.sentence(s, level + 1);
    out += this.annotationsAndRelations(p, level + 1);
    return `${out}${this.line(level)}</passage>`;
  }

  /** The XML declaration, DOCTYPE and collection header, up to the first document. */
  open(header: BioCCollectionHeader): string {
    this.v2 = header.version !== undefined;
    this.docId = undefined;
    const doctype = this.v2 ? "" : `<!DOCTYPE collection SYSTEM "BioC.dtd">`;
    let out = `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}${doctype ? "\n" : ""}<collection>`;
    out += `${this.line(1)}<source>${this.text(header.source, "source")}</source>`;
    out += `${this.line(1)}<date>${this.text(header.date, "date")}</date>`;
    out += `${this.line(1)}<key>${this.text(header.key, "key")}</key>`;
    if (header.version !== undefined)
      out += `${this.line(1)}<version>${this.text(header.version, "version")}</version>`;
    out += this.infons(header.infons, 1);
    return out;
  }

  /** One `<document>` element on its own line (or indented block). */
  document(d: BioCDocument): string {
    this.docId = d.id;
    const sep = this.indent > 0 ? "" : "\n";
    let out = this.v2
      ? `${sep}${this.line(1)}<document id="${this.attr(d.id, "document id")}">`
      : `${sep}${this.line(1)}<document>${this.line(2)}<id>${this.text(d.id, "document id")}</id>`;
    out += this.infons(d.infons, 2);
    for (const p of d.passages) out += this.passage(p, 2);
    out += this.annotationsAndRelations(d, 2);
    this.docId = undefined;
    return `${out}${this.line(1)}</document>`;
  }

  /** Closes the collection. */
  close(): string {
    return `\n</collection>\n`;
  }
}
