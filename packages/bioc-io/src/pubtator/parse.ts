import { BioCError, type BioCErrorCode } from "../errors.js";
import { detachString } from "../normalize.js";
import type { PubTatorDocument, PubTatorMention } from "./model.js";

const TITLE_OR_ABSTRACT = /^([^|\t]+)\|([ta])\|(.*)$/;
const INTEGER = /^\d+$/;

/**
 * Parses PubTator text (title/abstract lines, tab-separated mention and
 * relation lines, blank lines between documents). CRLF line ends are accepted.
 */
export function parsePubTator(text: string, file = "<string>"): PubTatorDocument[] {
  return parsePubTatorLines(text, file, 1, new Set());
}

/** {@link parsePubTator} on a part of a file that starts at `firstLine`; `seen` holds ids already read. */
export function parsePubTatorLines(
  text: string,
  file: string,
  firstLine: number,
  seen: Set<string>,
): PubTatorDocument[] {
  const docs: PubTatorDocument[] = [];
  let doc: PubTatorDocument | undefined;
  let lineNo = firstLine - 1;
  let pos = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  const fail = (code: BioCErrorCode, message: string, column = 1, documentId = doc?.id): never => {
    throw new BioCError(code, message, {
      file,
      line: lineNo,
      column,
      ...(documentId !== undefined ? { documentId } : {}),
    });
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
    if (fields.length < 4)
      fail(
        "PUBTATOR_SYNTAX",
        `expected "ID|t|", "ID|a|", a mention or a relation line, got ${JSON.stringify(line.slice(0, 60))}`,
      );
    if (!doc) doc = start(id);
    else if (doc.id !== id)
      fail(
        "PUBTATOR_SYNTAX",
        `line belongs to document "${id}" but follows document "${doc.id}" without a blank line`,
      );
    if (INTEGER.test(fields[1] as string) && INTEGER.test(fields[2] as string)) {
      doc.mentions.push(mention(fields, fail));
    } else {
      const [, type, id1, id2, novel, ...extra] = fields as [
        string,
        string,
        string,
        string,
        string | undefined,
        ...string[],
      ];
      doc.relations.push(
        novel === undefined ? { type, id1, id2, extra } : { type, id1, id2, novel, extra },
      );
    }
  }
  return docs;
}

function mention(
  fields: string[],
  fail: (code: BioCErrorCode, message: string, column?: number) => never,
): PubTatorMention {
  if (fields.length < 5)
    fail("PUBTATOR_SYNTAX", "a mention line needs at least 5 tab-separated columns");
  const [, s, e, text, type, identifier, ...extra] = fields as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    ...string[],
  ];
  const start = Number(s);
  const end = Number(e);
  if (end < start) {
    const column = (fields[0] as string).length + s.length + 3;
    fail("INVALID_VALUE", `mention end ${end} is before its start ${start}`, column);
  }
  const m: PubTatorMention = { start, end, text, type, extra };
  if (identifier !== undefined) m.identifier = identifier;
  return m;
}
