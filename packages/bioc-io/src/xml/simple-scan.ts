// A fast path for reading a whole XML text in memory. saxes (the precise
// parser) reads one character per method call; BioC files use a small part of
// XML: a declaration, a DOCTYPE naming an external DTD, elements with ASCII
// names, quoted attributes and text with the five predefined entities and
// character references. This scanner reads exactly that subset with native
// indexOf jumps and returns false at anything else (comments, CDATA,
// processing instructions, an internal DTD subset, carriage returns,
// non-ASCII or prefixed names, entities in attribute values, any
// well-formedness error...). The caller then reads the same text again with
// saxes, which accepts or reports the error with its line and column, so this
// path never decides that a text is malformed and never accepts one saxes
// would refuse.

import { loneSurrogateAt } from "../encoding/decode.js";

/** An element as both readers hand it over: its name and attributes. */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
}

/** Receives the elements and text of the document, in order. */
export interface XmlSink {
  onOpen(tag: XmlTag): void;
  onClose(): void;
  onText(text: string): void;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;
const AMPERSAND = 38;
const SEMICOLON = 59;

// Characters XML 1.0 forbids, and carriage returns (which XML turns into line
// feeds: left to saxes); U+FFFE/U+FFFF are not characters either.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job
const NOT_SIMPLE_CHAR = /[\x00-\x08\x0b-\x1f\ufffe\uffff]/;
const S = "[ \\t\\n]";
const XML_DECLARATION = new RegExp(
  `<\\?xml${S}+version${S}*=${S}*(?:"1\\.0"|'1\\.0')` +
    `(?:${S}+encoding${S}*=${S}*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?` +
    `(?:${S}+standalone${S}*=${S}*(?:"(?:yes|no)"|'(?:yes|no)'))?${S}*\\?>`,
  "y",
);
const DOCTYPE = new RegExp(
  `<!DOCTYPE${S}+[A-Za-z_][A-Za-z0-9._-]*(?:${S}+SYSTEM${S}+(?:"[^"]*"|'[^']*'))?${S}*>`,
  "y",
);
const SPACES = new RegExp(`${S}*`, "y");

/** BioC's element and attribute names, by length: matched in place instead of cut out. */
const KNOWN_NAMES: readonly (readonly string[])[] = (() => {
  const names = [
    ...["collection", "source", "date", "key", "version", "document", "id", "passage"],
    ...["infon", "offset", "text", "sentence", "annotation", "location", "relation", "node"],
    ...["length", "refid", "role"],
  ];
  const byLength: string[][] = [];
  for (const name of names) {
    byLength[name.length] ??= [];
    byLength[name.length]?.push(name);
  }
  return byLength;
})();

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/** End of the ASCII name starting at `at`, or `at` when none starts there. */
function nameEnd(text: string, at: number): number {
  if (!isNameStart(text.charCodeAt(at))) return at;
  let i = at + 1;
  while (isNameChar(text.charCodeAt(i))) i++;
  return i;
}

/** The name `text[start, end)`, as a shared constant when it is a BioC name. */
function nameAt(text: string, start: number, end: number): string {
  const candidates = KNOWN_NAMES[end - start];
  if (candidates) for (const name of candidates) if (text.startsWith(name, start)) return name;
  return text.slice(start, end);
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (isSpace(text.charCodeAt(i))) i++;
  return i;
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const PREDEFINED: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

/** The text of the entity or character reference `&ref;` (`ref` = `text[start, end)`), or undefined. */
function reference(text: string, start: number, end: number): string | undefined {
  const ref = text.slice(start, end);
  if (ref.charCodeAt(0) !== 35) return Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined;
  const hex = ref.charCodeAt(1) === 120;
  const digits = ref.slice(hex ? 2 : 1);
  if (digits.length === 0 || digits.length > 8) return undefined;
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const cp = Number.parseInt(digits, hex ? 16 : 10);
  return isXmlChar(cp) ? String.fromCodePoint(cp) : undefined;
}

/** Index of `code` in `text[from, end)`, or -1 (indexOf would search on to the end of the text). */
function indexIn(text: string, code: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/**
 * Text content `text[start, end)`, whose first `&` is at `amp`, with its
 * references replaced; undefined when one is not simple.
 */
function decodeText(text: string, start: number, end: number, amp: number): string | undefined {
  let out = "";
  let from = start;
  for (let at = amp; at !== -1; at = indexIn(text, AMPERSAND, from, end)) {
    const semi = indexIn(text, SEMICOLON, at + 1, Math.min(end, at + 12));
    if (semi === -1) return undefined;
    const value = reference(text, at + 1, semi);
    if (value === undefined) return undefined;
    out += text.slice(from, at) + value;
    from = semi + 1;
  }
  return out + text.slice(from, end);
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Index just past the prolog (declaration, DOCTYPE, spaces), or -1 when it is not simple. */
function prologEnd(text: string): number {
  let at = 0;
  XML_DECLARATION.lastIndex = 0;
  if (XML_DECLARATION.test(text)) at = XML_DECLARATION.lastIndex;
  SPACES.lastIndex = at;
  SPACES.test(text);
  at = SPACES.lastIndex;
  if (text.startsWith("<!", at)) {
    DOCTYPE.lastIndex = at;
    if (!DOCTYPE.test(text)) return -1;
    SPACES.lastIndex = DOCTYPE.lastIndex;
    SPACES.test(text);
    at = SPACES.lastIndex;
  }
  return text.charCodeAt(at) === LT ? at : -1;
}

/**
 * Reads a whole XML document into `sink` when it stays within the simple
 * subset; returns false (having sent some events) when it does not, or when
 * it is not well-formed. Exceptions from the sink pass through.
 */
export function scanSimpleXml(text: string, sink: XmlSink): boolean {
  if (NOT_SIMPLE_CHAR.test(text) || text.includes("]]>") || loneSurrogateAt(text) !== -1)
    return false;
  let pos = prologEnd(text);
  if (pos === -1) return false;
  const open: string[] = [];
  let rootClosed = false;
  let nextAmp = text.indexOf("&", pos);
  while (true) {
    const lt = text.indexOf("<", pos);
    const end = lt === -1 ? text.length : lt;
    if (end > pos) {
      if (open.length === 0) {
        if (!isBlank(text, pos, end)) return false; // text outside the root element
      } else {
        // the next `&` of the text, searched again only once passed (each search is native but
        // runs to the next `&`, so together they read the text once)
        if (nextAmp !== -1 && nextAmp < pos) nextAmp = text.indexOf("&", pos);
        const content =
          nextAmp === -1 || nextAmp >= end
            ? text.slice(pos, end)
            : decodeText(text, pos, end, nextAmp);
        if (content === undefined) return false;
        sink.onText(content);
      }
    }
    if (lt === -1) return rootClosed;
    if (rootClosed) return false; // markup after the root element
    const at = lt + 1;
    if (text.charCodeAt(at) === SLASH) {
      // </name S?>: the name of the innermost open element
      const name = open.pop();
      if (name === undefined || !text.startsWith(name, at + 1)) return false;
      const gt = skipSpaces(text, at + 1 + name.length);
      if (text.charCodeAt(gt) !== GT) return false;
      sink.onClose();
      rootClosed = open.length === 0;
      pos = gt + 1;
      continue;
    }
    const after = openTag(text, at, sink, open);
    if (after === -1) return false;
    rootClosed = open.length === 0;
    pos = after;
  }
}

/**
 * Reads `<name (S attr="value")* S? (> | />)` starting after the `<`; sends
 * it (and, for `/>`, its end) to `sink`. Returns the index after the tag, or -1.
 */
function openTag(text: string, at: number, sink: XmlSink, open: string[]): number {
  const end = nameEnd(text, at);
  if (end === at) return -1; // comment, CDATA, PI, DOCTYPE or a bad name: saxes decides
  const name = nameAt(text, at, end);
  let attributes: Record<string, string> | undefined;
  let i = end;
  while (true) {
    let c = text.charCodeAt(i);
    if (c === GT || (c === SLASH && text.charCodeAt(i + 1) === GT)) break;
    if (!isSpace(c)) return -1; // attributes need a space before them
    i = skipSpaces(text, i);
    c = text.charCodeAt(i);
    if (c === GT || c === SLASH) continue;
    const attrEnd = nameEnd(text, i);
    if (attrEnd === i) return -1;
    const attr = nameAt(text, i, attrEnd);
    i = skipSpaces(text, attrEnd);
    if (text.charCodeAt(i) !== EQUALS) return -1;
    i = skipSpaces(text, i + 1);
    const quote = text.charCodeAt(i);
    if (quote !== QUOTE && quote !== APOSTROPHE) return -1;
    const close = text.indexOf(quote === QUOTE ? '"' : "'", i + 1);
    if (close === -1) return -1;
    // `<` is an error and `&`, tab and newline need decoding or normalizing: saxes does those
    for (let k = i + 1; k < close; k++) {
      const v = text.charCodeAt(k);
      if (v === LT || v === AMPERSAND || v === 9 || v === 10) return -1;
    }
    attributes ??= {};
    // a duplicate, or a name Object.prototype has (`__proto__`, `constructor`): saxes decides
    if (attributes[attr] !== undefined) return -1;
    attributes[attr] = text.slice(i + 1, close);
    i = close + 1;
  }
  const selfClosing = text.charCodeAt(i) === SLASH;
  open.push(name);
  sink.onOpen({ name, attributes: attributes ?? NO_ATTRIBUTES });
  if (selfClosing) {
    open.pop();
    sink.onClose();
    return i + 2;
  }
  return i + 1;
}
