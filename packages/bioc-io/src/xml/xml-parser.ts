import { SaxesParser } from "saxes";
import { BioCError, type BioCErrorCode, type SourceLocation } from "../errors.js";
import type {
  BioCAnnotation,
  BioCCollectionHeader,
  BioCDocument,
  BioCPassage,
  BioCRelation,
  BioCSentence,
  Infons,
} from "../model.js";
import { detachString, normalizePassageText, setInfon } from "../normalize.js";
import type { XmlSink, XmlTag } from "./simple-scan.js";

// Builds BioC documents from saxes events (or, for a whole text in memory,
// from simple-scan.ts's), one document at a time, so the same parser serves
// eager reading and streaming. Handles BioC v1
// (`<id>`/`<offset>` elements) and v2 (`id`/`offset` attributes, `<version>`).

/** What the element on top of the stack is. */
enum Kind {
  Root,
  Collection,
  Document,
  Passage,
  Sentence,
  Annotation,
  Relation,
  Empty, // location, node: no children
  Leaf, // source, date, key, version, id, offset, text, infon: text only
  Skipped, // unknown element ignored with `unknown: "ignore"`
}

/** Callbacks of {@link BioCXmlParser}. */
export interface XmlParserHandlers {
  onHeader(header: BioCCollectionHeader): void;
  onDocument(doc: BioCDocument): void;
}

/** The parser methods that open a child element: each takes the tag. */
type OpenMethod =
  | "openDocument"
  | "openPassage"
  | "openSentence"
  | "openAnnotation"
  | "openRelation"
  | "openLocation"
  | "openNode"
  | "startInfon"
  | "startLeaf";

/** Children a BioC element may hold in common: `<infon>`, `<annotation>`, `<relation>`. */
const INFON = { infon: "startInfon" } as const;
const NODES = { ...INFON, annotation: "openAnnotation", relation: "openRelation" } as const;

/** Element dispatch: for each parent kind, the children it may hold and how each opens. */
const CHILDREN: ReadonlyMap<Kind, ReadonlyMap<string, OpenMethod>> = new Map(
  (
    [
      [
        Kind.Collection,
        {
          ...INFON,
          document: "openDocument",
          source: "startLeaf",
          date: "startLeaf",
          key: "startLeaf",
          version: "startLeaf",
        },
      ],
      [Kind.Document, { ...NODES, passage: "openPassage", id: "startLeaf" }],
      [
        Kind.Passage,
        { ...NODES, offset: "startLeaf", text: "startLeaf", sentence: "openSentence" },
      ],
      [Kind.Sentence, { ...NODES, offset: "startLeaf", text: "startLeaf" }],
      [Kind.Annotation, { ...INFON, location: "openLocation", text: "startLeaf" }],
      [Kind.Relation, { ...INFON, node: "openNode" }],
    ] as [Kind, Record<string, OpenMethod>][]
  ).map(([kind, children]) => [kind, new Map(Object.entries(children))]),
);

interface PassageDraft extends BioCPassage {
  hasOffset: boolean;
}
interface SentenceDraft extends BioCSentence {
  hasOffset: boolean;
}

/**
 * Incremental BioC XML reader: `write(chunk)` any number of times, then
 * `close()`. As an {@link XmlSink} it can instead take the events of
 * simple-scan.ts, then `finish()`; its errors then carry no usable location.
 */
export class BioCXmlParser implements XmlSink {
  private readonly sax: SaxesParser<{ xmlns: false; position: false }>;
  private chunk = "";
  private chunkStart = 0; // absolute UTF-16 offset of `chunk`
  private chunkLine = 1; // line number at the start of `chunk`
  private chunkLineStart = 0; // absolute offset where that line starts
  private readonly kinds: Kind[] = [Kind.Root];
  private readonly names: string[] = [""];
  private header: BioCCollectionHeader = { source: "", date: "", key: "", infons: {} };
  private headerSent = false;
  private doc: BioCDocument | undefined;
  private docHasId = false;
  private passage: PassageDraft | undefined;
  private sentence: SentenceDraft | undefined;
  private annotation: BioCAnnotation | undefined;
  private relation: BioCRelation | undefined;
  private text = "";
  private infonKey = "";
  private sawCollection = false;
  private closing = false;
  private readonly seenDocIds = new Set<string>();
  private lastDocId: string | undefined;

  constructor(
    private readonly file: string,
    private readonly handlers: XmlParserHandlers,
    private readonly ignoreUnknown = false,
  ) {
    // saxes' own line/column tracking halves its speed; lines are counted per
    // chunk here instead (native indexOf) and resolved only when an error needs them.
    this.sax = new SaxesParser({ xmlns: false, position: false });
    this.sax.on("opentag", (tag) => this.onOpen(tag));
    this.sax.on("closetag", () => this.onClose());
    this.sax.on("text", (t) => this.onText(t));
    this.sax.on("cdata", (t) => this.onText(t));
    this.sax.on("error", (e) => this.onSaxError(e));
  }

  /** Feeds more XML text. Throws {@link BioCError} on the first problem. */
  write(chunk: string): void {
    this.chunk = chunk;
    this.sax.write(chunk);
    let nl = chunk.indexOf("\n");
    while (nl !== -1) {
      this.chunkLine++;
      this.chunkLineStart = this.chunkStart + nl + 1;
      nl = chunk.indexOf("\n", nl + 1);
    }
    this.chunkStart += chunk.length;
    this.chunk = "";
  }

  /** 1-based line and column of the parser's current position. */
  private lineColumn(): { line: number; column: number } {
    const offset = this.sax.position;
    const rel = Math.max(0, Math.min(offset - this.chunkStart, this.chunk.length));
    let line = this.chunkLine;
    let lineStart = this.chunkLineStart;
    let nl = this.chunk.indexOf("\n");
    while (nl !== -1 && nl < rel) {
      line++;
      lineStart = this.chunkStart + nl + 1;
      nl = this.chunk.indexOf("\n", nl + 1);
    }
    return { line, column: Math.max(1, offset - lineStart + 1) };
  }

  /** Ends the input; throws when the collection is incomplete. */
  close(): void {
    this.closing = true;
    this.sax.close();
    this.finish();
  }

  /** Ends the events (from saxes or simple-scan.ts); throws when the collection is incomplete. */
  finish(): void {
    if (!this.sawCollection) this.fail("EMPTY_INPUT", "no <collection> element found");
    if (this.kinds.length > 1) this.fail("TRUNCATED", "input ends inside the collection");
    if (!this.headerSent) this.sendHeader();
  }

  private location(): SourceLocation {
    const loc: SourceLocation = { file: this.file, ...this.lineColumn() };
    const id = this.doc ? this.doc.id || undefined : this.lastDocId;
    if (id !== undefined) loc.documentId = id;
    return loc;
  }

  private fail(code: BioCErrorCode, message: string): never {
    throw new BioCError(code, message, this.location());
  }

  private onSaxError(e: Error): void {
    // saxes prefixes "line:column: "; our location carries that already.
    const message = e.message.replace(/^[^:]*:?\d+:\d+: /, "");
    const truncated = this.closing || /unclosed|unexpected end/i.test(message);
    this.fail(truncated ? "TRUNCATED" : "XML_SYNTAX", `malformed XML: ${message}`);
  }

  /** @internal */
  onText(t: string): void {
    const top = this.kinds[this.kinds.length - 1];
    if (top === Kind.Leaf) this.text += t;
    else if (top !== Kind.Skipped && !isBlank(t))
      this.fail(
        "INVALID_VALUE",
        `unexpected text ${JSON.stringify(t.trim().slice(0, 40))} in <${this.names[this.names.length - 1]}>`,
      );
  }

  private push(kind: Kind, name: string): void {
    this.kinds.push(kind);
    this.names.push(name);
  }

  private unknown(name: string, parent: string): void {
    if (this.ignoreUnknown) {
      this.push(Kind.Skipped, name);
      return;
    }
    this.fail("UNKNOWN_ELEMENT", `unknown element <${name}> inside <${parent}>`);
  }

  private requireAttr(tag: XmlTag, attr: string): string {
    const v = tag.attributes[attr];
    if (v === undefined) this.fail("MISSING_FIELD", `<${tag.name}> needs a "${attr}" attribute`);
    return v;
  }

  private number(raw: string, what: string): number {
    const s = raw.trim();
    if (!/^\d+$/.test(s))
      this.fail(
        "INVALID_VALUE",
        `${what} must be a non-negative integer, got ${JSON.stringify(raw)}`,
      );
    const n = Number(s);
    if (!Number.isSafeInteger(n))
      this.fail("INVALID_VALUE", `${what} ${s} is too large (above ${Number.MAX_SAFE_INTEGER})`);
    return n;
  }

  private startLeaf(tag: XmlTag): void {
    this.text = "";
    this.push(Kind.Leaf, tag.name);
  }

  private startInfon(tag: XmlTag): void {
    this.infonKey = this.requireAttr(tag, "key");
    this.startLeaf(tag);
  }

  private sendHeader(): void {
    this.headerSent = true;
    this.handlers.onHeader(this.header);
  }

  /** @internal */
  onOpen(tag: XmlTag): void {
    const name = tag.name;
    const parent = this.kinds[this.kinds.length - 1] as Kind;
    const method = CHILDREN.get(parent)?.get(name);
    if (method !== undefined) {
      this[method](tag);
      return;
    }
    if (parent === Kind.Skipped) {
      this.push(Kind.Skipped, name);
      return;
    }
    if (parent === Kind.Root) {
      if (name !== "collection")
        this.fail("UNKNOWN_FORMAT", `root element is <${name}>, not a BioC <collection>`);
      this.sawCollection = true;
      this.push(Kind.Collection, name);
      return;
    }
    if (parent === Kind.Document && (name === "text" || name === "sentence"))
      this.fail(
        "UNKNOWN_ELEMENT",
        `<${name}> directly inside <document> (BioC v2 without passages) is not supported`,
      );
    this.unknown(name, this.names[this.names.length - 1] as string);
  }

  private openDocument(tag: XmlTag): void {
    if (!this.headerSent) this.sendHeader();
    const id = tag.attributes.id;
    this.docHasId = id !== undefined;
    this.doc = { id: id ?? "", infons: {}, passages: [], annotations: [], relations: [] };
    this.push(Kind.Document, tag.name);
  }

  private openPassage(tag: XmlTag): void {
    const off = tag.attributes.offset;
    this.passage = {
      offset: off === undefined ? 0 : this.number(off, "passage offset"),
      hasOffset: off !== undefined,
      infons: {},
      sentences: [],
      annotations: [],
      relations: [],
    };
    this.push(Kind.Passage, tag.name);
  }

  private openSentence(tag: XmlTag): void {
    const off = tag.attributes.offset;
    this.sentence = {
      offset: off === undefined ? 0 : this.number(off, "sentence offset"),
      hasOffset: off !== undefined,
      infons: {},
      text: "",
      annotations: [],
      relations: [],
    };
    this.push(Kind.Sentence, tag.name);
  }

  private openAnnotation(tag: XmlTag): void {
    this.annotation = { id: tag.attributes.id ?? "", infons: {}, text: "", locations: [] };
    this.push(Kind.Annotation, tag.name);
  }

  private openRelation(tag: XmlTag): void {
    this.relation = { id: tag.attributes.id ?? "", infons: {}, nodes: [] };
    this.push(Kind.Relation, tag.name);
  }

  private openLocation(tag: XmlTag): void {
    (this.annotation as BioCAnnotation).locations.push({
      offset: this.number(this.requireAttr(tag, "offset"), "location offset"),
      length: this.number(this.requireAttr(tag, "length"), "location length"),
    });
    this.push(Kind.Empty, tag.name);
  }

  private openNode(tag: XmlTag): void {
    (this.relation as BioCRelation).nodes.push({
      refid: this.requireAttr(tag, "refid"),
      role: tag.attributes.role ?? "",
    });
    this.push(Kind.Empty, tag.name);
  }

  /** The infons of the innermost open BioC element (the parent of an `<infon>`). */
  private infonTarget(): Infons {
    const parent = this.kinds[this.kinds.length - 2];
    switch (parent) {
      case Kind.Collection:
        return this.header.infons;
      case Kind.Document:
        return (this.doc as BioCDocument).infons;
      case Kind.Passage:
        return (this.passage as BioCPassage).infons;
      case Kind.Sentence:
        return (this.sentence as BioCSentence).infons;
      case Kind.Annotation:
        return (this.annotation as BioCAnnotation).infons;
      default:
        return (this.relation as BioCRelation).infons;
    }
  }

  private closeLeaf(name: string): void {
    const parent = this.kinds[this.kinds.length - 2];
    const text = this.text;
    this.text = "";
    if (name === "infon") {
      setInfon(this.infonTarget(), this.infonKey, text);
      return;
    }
    switch (parent) {
      case Kind.Collection:
        if (name === "version") this.header.version = text;
        else this.header[name as "source" | "date" | "key"] = text;
        return;
      case Kind.Document:
        (this.doc as BioCDocument).id = text;
        this.docHasId = true;
        return;
      case Kind.Passage: {
        const p = this.passage as PassageDraft;
        if (name === "offset") {
          p.offset = this.number(text, "passage offset");
          p.hasOffset = true;
        } else p.text = text;
        return;
      }
      case Kind.Sentence: {
        const s = this.sentence as SentenceDraft;
        if (name === "offset") {
          s.offset = this.number(text, "sentence offset");
          s.hasOffset = true;
        } else s.text = text;
        return;
      }
      default:
        (this.annotation as BioCAnnotation).text = text;
    }
  }

  /** @internal */
  onClose(): void {
    const kind = this.kinds[this.kinds.length - 1];
    const name = this.names[this.names.length - 1] as string;
    switch (kind) {
      case Kind.Leaf:
        this.closeLeaf(name);
        break;
      case Kind.Document:
        this.finishDocument();
        break;
      case Kind.Passage:
        this.finishPassage();
        break;
      case Kind.Sentence:
        this.finishSentence();
        break;
      case Kind.Annotation:
        this.attach(this.annotation as BioCAnnotation, "annotations");
        this.annotation = undefined;
        break;
      case Kind.Relation:
        this.attach(this.relation as BioCRelation, "relations");
        this.relation = undefined;
        break;
      default:
        break;
    }
    this.kinds.pop();
    this.names.pop();
  }

  /** Adds a finished annotation/relation to whatever element contains it. */
  private attach<K extends "annotations" | "relations">(
    item: K extends "annotations" ? BioCAnnotation : BioCRelation,
    key: K,
  ): void {
    const parent = this.kinds[this.kinds.length - 2];
    const owner =
      parent === Kind.Sentence ? this.sentence : parent === Kind.Passage ? this.passage : this.doc;
    (owner as { [k in K]: unknown[] })[key].push(item);
  }

  private finishSentence(): void {
    const s = this.sentence as SentenceDraft;
    if (!s.hasOffset) this.fail("MISSING_FIELD", "<sentence> has no offset");
    const { hasOffset: _, ...sentence } = s;
    (this.passage as BioCPassage).sentences.push(sentence);
    this.sentence = undefined;
  }

  private finishPassage(): void {
    const p = this.passage as PassageDraft;
    if (!p.hasOffset) this.fail("MISSING_FIELD", "<passage> has no offset");
    const passage: BioCPassage = {
      offset: p.offset,
      infons: p.infons,
      sentences: p.sentences,
      annotations: p.annotations,
      relations: p.relations,
    };
    const text = normalizePassageText(p.text, p.sentences.length);
    if (text !== undefined) passage.text = text;
    (this.doc as BioCDocument).passages.push(passage);
    this.passage = undefined;
  }

  private finishDocument(): void {
    const doc = this.doc as BioCDocument;
    if (!this.docHasId) this.fail("MISSING_FIELD", "<document> has no id");
    if (this.seenDocIds.has(doc.id))
      this.fail("DUPLICATE_ID", `document id "${doc.id}" appears twice`);
    this.seenDocIds.add(detachString(doc.id));
    this.lastDocId = doc.id;
    this.doc = undefined;
    this.handlers.onDocument(doc);
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}
