import { ReadContext, type ReadOptions } from "../context.js";
import { BioCError, type BioCErrorCode } from "../errors.js";
import { detachString } from "../normalize.js";
import type { PubTatorDocument, PubTatorMention, PubTatorRelation } from "./model.js";

// A line is classified by its shape, never by trying one reading and falling
// back to another:
//   ID|t|title   ID|a|abstract
//   ID<TAB>start<TAB>end<TAB>text<TAB>type[<TAB>identifier[<TAB>...]]  (a mention)
//   ID<TAB>type<TAB>id1<TAB>id2[<TAB>novelty]                            (a relation)
// A line whose second column looks like a number, or that has more than the 5
// columns a relation can have, is a mention; its start and end must then be
// non-negative safe integers with end >= start. A malformed line is an error
// (PUBTATOR_SYNTAX, with its line and column) in strict mode and a counted,
// skipped line (PUBTATOR_LINE_SKIPPED warning) otherwise.

const TITLE_OR_ABSTRACT = /^([^|\t]+)\|([ta])\|(.*)$/;
const INTEGER = /^\d+$/;
/** A column meant as a number: digits, a sign, a decimal point or an exponent up front. */
const NUMBER_LIKE = /^\s*[-+]?(\d|\.\d|Infinity|NaN)/;
const RELATION_MAX_COLUMNS = 5;

/** A malformed line: the message and the 1-based column where it goes wrong. */
class LineShapeError {
  constructor(
    readonly message: string,
    readonly column: number,
  ) {}
}

/** 1-based column of field `i` in a tab-separated line. */
function columnOf(fields: readonly string[], i: number): number {
  let col = 1;
  for (let k = 0; k < i; k++) col += (fields[k] as string).length + 1;
  return col;
}

function integerField(fields: readonly string[], i: number, what: string): number {
  const raw = fields[i] as string;
  const n = INTEGER.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n))
    throw new LineShapeError(
      INTEGER.test(raw)
        ? `mention ${what} ${raw} is too large (above ${Number.MAX_SAFE_INTEGER})`
        : `mention ${what} must be a non-negative integer, got ${JSON.stringify(raw.slice(0, 40))}`,
      columnOf(fields, i),
    );
  return n;
}

function parseMention(fields: readonly string[]): PubTatorMention {
  if (fields.length < 5)
    throw new LineShapeError(
      `a mention line needs at least 5 tab-separated columns (id, start, end, text, type), got ${fields.length}`,
      1,
    );
  const start = integerField(fields, 1, "start");
  const end = integerField(fields, 2, "end");
  if (end < start)
    throw new LineShapeError(
      `mention end ${end} is before its start ${start}`,
      columnOf(fields, 2),
    );
  const [, , , text, type, identifier, ...extra] = fields as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    ...string[],
  ];
  const m: PubTatorMention = { start, end, text, type, extra };
  if (identifier !== undefined) m.identifier = identifier;
  return m;
}

function parseRelation(fields: readonly string[]): PubTatorRelation {
  const [, type, id1, id2, novel] = fields as [string, string, string, string, string | undefined];
  for (const [i, v] of [type, id1, id2].entries())
    if (v.trim() === "")
      throw new LineShapeError(
        `relation ${["type", "first id", "second id"][i]} is empty`,
        columnOf(fields, i + 1),
      );
  return novel === undefined ? { type, id1, id2, extra: [] } : { type, id1, id2, novel, extra: [] };
}

type Shaped = { mention: PubTatorMention } | { relation: PubTatorRelation };

function classify(fields: readonly string[], line: string): Shaped {
  if (fields.length < 4)
    throw new LineShapeError(
      `expected "ID|t|", "ID|a|", a mention or a relation line, got ${JSON.stringify(line.slice(0, 60))}`,
      1,
    );
  if (fields.length > RELATION_MAX_COLUMNS || NUMBER_LIKE.test(fields[1] as string))
    return { mention: parseMention(fields) };
  return { relation: parseRelation(fields) };
}

/**
 * Parses PubTator text (title/abstract lines, tab-separated mention and
 * relation lines, blank lines between documents). CRLF line ends are
 * accepted. `opts.strict` makes a malformed line an error; otherwise it is
 * skipped and reported through `opts.onWarning` (or one process warning).
 */
export function parsePubTator(
  text: string,
  file = "<string>",
  opts: ReadOptions = {},
): PubTatorDocument[] {
  const ctx = new ReadContext(file, opts);
  const docs = parsePubTatorLines(text, ctx, 1, new Set());
  ctx.warnings.flush();
  return docs;
}

/** {@link parsePubTator} on a part of a file that starts at `firstLine`; `seen` holds ids already read. */
export function parsePubTatorLines(
  text: string,
  ctx: ReadContext,
  firstLine: number,
  seen: Set<string>,
): PubTatorDocument[] {
  const file = ctx.file;
  const docs: PubTatorDocument[] = [];
  let doc: PubTatorDocument | undefined;
  let lineNo = firstLine - 1;
  let pos = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  const where = (column: number, documentId = doc?.id) => ({
    file,
    line: lineNo,
    column,
    ...(documentId !== undefined ? { documentId } : {}),
  });
  const fail = (code: BioCErrorCode, message: string, column = 1, documentId = doc?.id): never => {
    throw new BioCError(code, message, where(column, documentId));
  };

  const start = (id: string): PubTatorDocument => {
    if (seen.has(id)) fail("DUPLICATE_ID", `document id "${id}" appears twice`, 1, id);
    seen.add(detachString(id));
    const d: PubTatorDocument = { id, title: "", abstract: "", mentions: [], relations: [] };
    docs.push(d);
    return d;
  };

  while (pos < body.length) {
    let end = body.indexOf("\n", pos);
    if (end === -1) end = body.length;
    let line = body.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") {
      doc = undefined;
      continue;
    }
    const ta = TITLE_OR_ABSTRACT.exec(line);
    if (ta) {
      const [, id, kind, content] = ta as unknown as [string, string, string, string];
      if (!doc || doc.id !== id || (kind === "t" && doc.title !== "")) doc = start(id);
      if (kind === "t") doc.title = content;
      else doc.abstract = content;
      continue;
    }
    const fields = line.split("\t");
    const id = fields[0] as string;
    let shaped: Shaped;
    try {
      shaped = classify(fields, line);
    } catch (e) {
      if (!(e instanceof LineShapeError)) throw e;
      const owner = doc?.id ?? (id.includes("|") ? undefined : id);
      if (ctx.strict) fail("PUBTATOR_SYNTAX", e.message, e.column, owner);
      ctx.warnings.add(
        "PUBTATOR_LINE_SKIPPED",
        `line skipped: ${e.message}`,
        where(e.column, owner),
      );
      continue;
    }
    if (!doc) doc = start(id);
    else if (doc.id !== id)
      fail(
        "PUBTATOR_SYNTAX",
        `line belongs to document "${id}" but follows document "${doc.id}" without a blank line`,
      );
    if ("mention" in shaped) doc.mentions.push(shaped.mention);
    else doc.relations.push(shaped.relation);
  }
  return docs;
}
