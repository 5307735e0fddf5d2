import { formatJsonPath } from "../context.js";
import { BioCError, type SourceLocation } from "../errors.js";

// `JSON.parse` is fast but its error messages carry no reliable position on
// Node 20. When it fails, this small validator walks the same text to find the
// first error's line:column, JSON path and the id of the document it is in.

interface Found {
  offset: number;
  message: string;
  truncated: boolean;
}

class Walker {
  pos = 0;
  readonly path: (string | number)[] = [];
  documentId: string | undefined;

  constructor(
    private readonly s: string,
    prefix: readonly (string | number)[] = [],
  ) {
    this.path.push(...prefix);
  }

  stop(message: string): never {
    throw { offset: this.pos, message, truncated: this.pos >= this.s.length } satisfies Found;
  }

  ws(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else break;
    }
  }

  value(): void {
    this.ws();
    if (this.pos >= this.s.length) this.stop("unexpected end of input");
    const c = this.s[this.pos];
    if (c === "{") {
      this.object();
      return;
    }
    if (c === "[") {
      this.array();
      return;
    }
    if (c === '"') {
      this.string();
      return;
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
      this.number();
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
      if (word.startsWith(this.s.slice(this.pos)) && this.pos < this.s.length) {
        this.pos = this.s.length;
        this.stop("unexpected end of input");
      }
    }
    this.stop(`unexpected character ${JSON.stringify(c)}`);
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 34) {
        this.pos++;
        return JSON.parse(s.slice(start, this.pos)) as string;
      }
      if (c === 92) this.pos += 2;
      else if (c < 32) this.stop("control character in string");
      else this.pos++;
    }
    return this.stop("unterminated string");
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!m) this.stop("invalid number");
    this.pos += m[0].length;
  }

  expect(ch: string, what: string): void {
    this.ws();
    if (this.s[this.pos] !== ch) {
      if (this.pos >= this.s.length) this.stop("unexpected end of input");
      this.stop(`expected ${what}, found ${JSON.stringify(this.s[this.pos])}`);
    }
    this.pos++;
  }

  object(): void {
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return;
    }
    const inDocument = this.path.length === 2 && this.path[0] === "documents";
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') {
        if (this.pos >= this.s.length) this.stop("unexpected end of input");
        this.stop(`expected a quoted key, found ${JSON.stringify(this.s[this.pos])}`);
      }
      const key = this.string();
      this.expect(":", "':'");
      this.path.push(key);
      const valueStart = this.pos;
      this.value();
      this.path.pop();
      if (inDocument && key === "id") {
        const raw = this.s.slice(valueStart, this.pos).trim();
        if (raw.startsWith('"')) this.documentId = JSON.parse(raw) as string;
      }
      this.ws();
      const c = this.s[this.pos];
      if (c === ",") this.pos++;
      else if (c === "}") {
        this.pos++;
        return;
      } else if (this.pos >= this.s.length) this.stop("unexpected end of input");
      else this.stop(`expected ',' or '}', found ${JSON.stringify(c)}`);
    }
  }

  array(): void {
    this.pos++;
    this.ws();
    if (this.s[this.pos] === "]") {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.path.push(i);
      if (this.path.length === 2 && this.path[0] === "documents") this.documentId = undefined;
      this.value();
      this.path.pop();
      this.ws();
      const c = this.s[this.pos];
      if (c === ",") this.pos++;
      else if (c === "]") {
        this.pos++;
        return;
      } else if (this.pos >= this.s.length) this.stop("unexpected end of input");
      else this.stop(`expected ',' or ']', found ${JSON.stringify(c)}`);
    }
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let i = text.indexOf("\n");
  while (i !== -1 && i < offset) {
    line++;
    lineStart = i + 1;
    i = text.indexOf("\n", lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}

/** Where a slice handed to {@link jsonSyntaxError} sits in the whole input. */
export interface SliceOrigin {
  /** JSON path of the slice's value, e.g. `["documents", 7]`. */
  pathPrefix?: (string | number)[];
  /** Byte offset, 1-based line and column of the slice's first character. */
  offset?: number;
  line?: number;
  column?: number;
}

/**
 * Builds the error for JSON text that `JSON.parse` rejected: TRUNCATED when it
 * ends early, JSON_SYNTAX otherwise, with line:column, JSON path and document id.
 */
export function jsonSyntaxError(text: string, file: string, origin: SliceOrigin = {}): BioCError {
  const walker = new Walker(text, origin.pathPrefix);
  let found: Found;
  try {
    walker.value();
    walker.ws();
    if (walker.pos < text.length) walker.stop("unexpected text after the JSON value");
    found = { offset: 0, message: "invalid JSON", truncated: false };
  } catch (e) {
    if (e instanceof Error) throw e;
    found = e as Found;
  }
  const offset = Math.min(found.offset, text.length);
  const rel = lineColumn(text, offset);
  const startLine = origin.line ?? 1;
  const startColumn = origin.column ?? 1;
  const loc: SourceLocation = {
    file,
    line: startLine + rel.line - 1,
    column: rel.line === 1 ? startColumn + rel.column - 1 : rel.column,
    jsonPath: formatJsonPath(walker.path),
  };
  if (origin.offset !== undefined) loc.offset = origin.offset + offset;
  if (walker.documentId !== undefined) loc.documentId = walker.documentId;
  return found.truncated
    ? new BioCError("TRUNCATED", `JSON ends early: ${found.message}`, loc)
    : new BioCError("JSON_SYNTAX", `invalid JSON: ${found.message}`, loc);
}
