import type { ReadContext } from "../context.js";
import { BioCError, type BioCErrorCode } from "../errors.js";
import type { BioCCollectionHeader, BioCDocument } from "../model.js";
import { detachString } from "../normalize.js";
import { checkCollectionObject, documentFromJson, headerFromJson } from "./from-json.js";
import { lineColumnAt } from "../encoding/decode.js";
import { isWs } from "./key-chars.js";
import { jsonSyntaxError } from "./locate-syntax-error.js";
import { checkKeys } from "./read-json.js";
import { documentSchemaViolations } from "./schema.js";
import { BioCValidationError } from "../validate.js";

// Streams a BioC JSON collection in flat memory. A byte-level scanner follows
// only the top-level structure (`{ key: value, ..., "documents": [ ... ] }`)
// and the nesting depth of each value; every complete document is then handed
// to JSON.parse and converted, so memory holds one document at a time.

enum State {
  Start,
  KeyOrEnd,
  Colon,
  Value,
  AfterValue,
  DocsItemOrEnd,
  DocsAfterItem,
  Done,
  Scanning, // inside a value, see `target`
}

enum Target {
  Key,
  HeaderValue,
  Document,
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

/** Incremental BioC JSON reader: `push(bytes)` repeatedly, then `end()`. */
export class JsonDocumentScanner {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0; // index into buf of the next byte to look at
  private base = 0; // absolute offset of buf[0]
  private line = 1;
  private lineStart = 0; // absolute offset where the current line starts
  private state: State = State.Start;
  private first = true; // first key / first array item
  private key = "";
  // value scanning
  private target: Target = Target.Key;
  private valueStart = 0; // absolute
  private valueLine = 1;
  private valueColumn = 1;
  private depth = 0;
  private inString = false;
  private escape = false;
  private scalar = false;

  private readonly rawHeader: Record<string, unknown> = {};
  private readonly topKeys = new Set<string>();
  private header: BioCCollectionHeader | undefined;
  private docIndex = 0;
  private readonly seenIds = new Set<string>();
  private lastDocId: string | undefined;
  /** Documents completed by the last `push`/`end`, for the caller to take. */
  readonly ready: BioCDocument[] = [];

  constructor(
    private readonly ctx: ReadContext,
    private readonly onHeader: (h: BioCCollectionHeader) => void,
    private readonly strict = false,
  ) {}

  private fail(code: BioCErrorCode, message: string, at = this.base + this.pos): never {
    const column = at - this.lineStart + 1;
    throw new BioCError(code, message, {
      file: this.ctx.file,
      line: this.line,
      column,
      offset: at,
      jsonPath: this.ctx.jsonPath(),
      ...(this.lastDocId !== undefined ? { documentId: this.lastDocId } : {}),
    });
  }

  /** Feeds the next bytes of the file. */
  push(chunk: Uint8Array): void {
    const keepFrom = this.state === State.Scanning ? this.valueStart - this.base : this.pos;
    const rest = this.buf.subarray(keepFrom);
    this.base += keepFrom;
    this.pos -= keepFrom;
    this.buf = rest.length === 0 ? Buffer.from(chunk) : Buffer.concat([rest, chunk]);
    this.run(false);
  }

  /** Ends the input; throws TRUNCATED when the collection is not complete. */
  end(): void {
    this.run(true);
    if (this.state !== State.Done) this.truncated();
    this.finishHeader();
  }

  private truncated(): never {
    if (this.state === State.Scanning && this.target === Target.Document) {
      const partial = this.buf.toString("utf8", this.valueStart - this.base);
      throw jsonSyntaxError(partial, this.ctx.file, {
        pathPrefix: ["documents", this.docIndex],
        offset: this.valueStart,
        line: this.valueLine,
        column: this.valueColumn,
      });
    }
    if (this.base + this.pos === 0) this.fail("EMPTY_INPUT", "the input is empty");
    return this.fail("TRUNCATED", "JSON ends before the collection is closed");
  }

  private skipWs(): boolean {
    const buf = this.buf;
    while (this.pos < buf.length) {
      const c = buf[this.pos] as number;
      if (!isWs(c)) return true;
      if (c === NEWLINE) {
        this.line++;
        this.lineStart = this.base + this.pos + 1;
      }
      this.pos++;
    }
    return false;
  }

  private expected(what: string): never {
    const c = this.buf[this.pos] as number;
    return this.fail(
      "JSON_SYNTAX",
      `invalid JSON: expected ${what}, found ${JSON.stringify(String.fromCharCode(c))}`,
    );
  }

  private beginValue(target: Target): void {
    this.target = target;
    this.valueStart = this.base + this.pos;
    this.valueLine = this.line;
    this.valueColumn = this.valueStart - this.lineStart + 1;
    const c = this.buf[this.pos] as number;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.scalar = c !== 123 && c !== 91 && c !== QUOTE;
    this.state = State.Scanning;
  }

  /** Advances through the current value; true when it is complete. */
  private scanValue(atEnd: boolean): boolean {
    const buf = this.buf;
    let pos = this.pos;
    if (this.scalar) {
      while (pos < buf.length) {
        const c = buf[pos] as number;
        if (isWs(c) || c === 44 || c === 125 || c === 93) break;
        pos++;
      }
      this.pos = pos;
      return pos < buf.length || atEnd;
    }
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escape;
    for (; pos < buf.length; pos++) {
      const c = buf[pos] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 0) {
            this.pos = pos + 1;
            return true;
          }
        } else if (c === NEWLINE) {
          this.line++;
          this.lineStart = this.base + pos + 1;
        }
      } else if (c === QUOTE) inString = true;
      else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) {
          this.pos = pos + 1;
          return true;
        }
      } else if (c === NEWLINE) {
        this.line++;
        this.lineStart = this.base + pos + 1;
      }
    }
    this.pos = pos;
    this.depth = depth;
    this.inString = inString;
    this.escape = escaped;
    return false;
  }

  private valueText(): string {
    return this.buf.toString("utf8", this.valueStart - this.base, this.pos);
  }

  private parseValue(pathPrefix: (string | number)[]): unknown {
    const text = this.valueText();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw jsonSyntaxError(text, this.ctx.file, {
        pathPrefix,
        offset: this.valueStart,
        line: this.valueLine,
        column: this.valueColumn,
      });
    }
    if (typeof value === "object" || text.includes("\\")) {
      const { valueLine, valueColumn } = this;
      checkKeys(text, value, this.ctx, (at) => {
        const rel = lineColumnAt(text, at);
        return rel.line === 1
          ? { line: valueLine, column: valueColumn + rel.column - 1 }
          : { line: valueLine + rel.line - 1, column: rel.column };
      });
    }
    return value;
  }

  private finishValue(): void {
    if (this.target === Target.Key) {
      this.key = this.parseValue([]) as string;
      if (this.topKeys.has(this.key))
        this.ctx.problem(
          "DUPLICATE_KEY",
          `key ${JSON.stringify(this.key)} appears twice in the collection object`,
          { file: this.ctx.file, line: this.valueLine, column: this.valueColumn },
        );
      this.topKeys.add(this.key);
      this.state = State.Colon;
      return;
    }
    if (this.target === Target.HeaderValue) {
      this.rawHeader[this.key] = this.parseValue([this.key]);
      if (this.header) this.finishHeader();
      this.state = State.AfterValue;
      return;
    }
    const index = this.docIndex++;
    const value = this.parseValue(["documents", index]);
    const ctx = this.ctx;
    ctx.path.length = 0;
    ctx.path.push("documents", index);
    if (this.strict) {
      const violations = documentSchemaViolations(value, index);
      if (violations.length > 0) throw new BioCValidationError(violations, { file: ctx.file });
    }
    const doc = documentFromJson(value, ctx);
    if (this.seenIds.has(doc.id))
      throw new BioCError(
        "DUPLICATE_ID",
        `document id "${doc.id}" appears twice`,
        ctx.location("id"),
      );
    this.seenIds.add(detachString(doc.id));
    this.lastDocId = doc.id;
    ctx.path.length = 0;
    ctx.documentId = undefined;
    this.ready.push(doc);
    this.state = State.DocsAfterItem;
  }

  /** Validates the header fields seen so far and hands the header out (once). */
  private finishHeader(): void {
    const obj = checkCollectionObject({ ...this.rawHeader, documents: [] }, this.ctx);
    const fresh = headerFromJson(obj, this.ctx);
    if (this.header === undefined) {
      this.header = fresh;
      this.onHeader(fresh);
    } else Object.assign(this.header, fresh); // keys that follow "documents" in the file
  }

  private run(atEnd: boolean): void {
    const buf = this.buf;
    while (true) {
      if (this.state === State.Scanning) {
        if (!this.scanValue(atEnd)) return;
        this.finishValue();
        continue;
      }
      if (!this.skipWs()) return;
      const c = buf[this.pos] as number;
      switch (this.state) {
        case State.Start:
          if (this.base + this.pos === 0 && c === 0xef) {
            if (buf.length < 3 && !atEnd) return;
            if (buf[1] === 0xbb && buf[2] === 0xbf) {
              this.pos = 3;
              continue;
            }
          }
          if (c !== 123) this.expected("'{' starting a BioC collection");
          this.pos++;
          this.state = State.KeyOrEnd;
          this.first = true;
          break;
        case State.KeyOrEnd:
          if (c === 125 && this.first) {
            this.pos++;
            this.state = State.Done;
          } else if (c === QUOTE) this.beginValue(Target.Key);
          else this.expected("a quoted key");
          break;
        case State.Colon:
          if (c !== 58) this.expected("':'");
          this.pos++;
          this.state = State.Value;
          break;
        case State.Value:
          if (this.key === "documents") {
            if (c !== 91) this.fail("INVALID_VALUE", '"documents" must be an array');
            this.pos++;
            this.finishHeader();
            this.state = State.DocsItemOrEnd;
            this.first = true;
          } else this.beginValue(Target.HeaderValue);
          break;
        case State.AfterValue:
          this.pos++;
          if (c === 44) {
            this.state = State.KeyOrEnd;
            this.first = false;
          } else if (c === 125) this.state = State.Done;
          else {
            this.pos--;
            this.expected("',' or '}'");
          }
          break;
        case State.DocsItemOrEnd:
          if (c === 93 && this.first) {
            this.pos++;
            this.state = State.AfterValue;
          } else this.beginValue(Target.Document);
          break;
        case State.DocsAfterItem:
          this.pos++;
          if (c === 44) {
            this.state = State.DocsItemOrEnd;
            this.first = false;
          } else if (c === 93) this.state = State.AfterValue;
          else {
            this.pos--;
            this.expected("',' or ']' after a document");
          }
          break;
        default:
          this.fail("JSON_SYNTAX", "invalid JSON: unexpected text after the collection");
      }
    }
  }
}
