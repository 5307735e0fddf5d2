import { BioCError } from "../errors.js";
import { offsetValue } from "../offset-value.js";
import type { PubTatorDocument } from "./model.js";

function checkField(value: string, what: string, docId: string): string {
  if (/[\t\n\r]/.test(value))
    throw new BioCError(
      "INVALID_VALUE",
      `${what} contains a tab or line break, which PubTator cannot carry`,
      {
        documentId: docId,
      },
    );
  return value;
}

/** Writes PubTator text: title, abstract, mentions, relations, then a blank line per document. */
export function formatPubTator(docs: Iterable<PubTatorDocument>): string {
  let out = "";
  for (const d of docs) out += formatPubTatorDocument(d);
  return out;
}

/** One document's PubTator lines, ending with the blank separator line. */
export function formatPubTatorDocument(d: PubTatorDocument): string {
  const id = checkField(d.id, "document id", d.id);
  if (id.includes("|"))
    throw new BioCError("INVALID_VALUE", 'document id contains "|"', { documentId: id });
  let out = `${id}|t|${checkLine(d.title, "title", id)}\n${id}|a|${checkLine(d.abstract, "abstract", id)}\n`;
  for (const m of d.mentions) {
    const cols = [
      id,
      String(offsetValue(m.start, "mention start", id)),
      String(offsetValue(m.end, "mention end", id)),
      m.text,
      m.type,
    ];
    if (m.identifier !== undefined) cols.push(m.identifier, ...m.extra);
    out += `${cols.map((c) => checkField(c, "mention column", id)).join("\t")}\n`;
  }
  for (const r of d.relations) {
    if (r.extra.length > 0)
      throw new BioCError(
        "INVALID_VALUE",
        "a PubTator relation line has at most 5 columns (id, type, id1, id2, novelty); this relation has more",
        { documentId: id },
      );
    const cols = [id, r.type, r.id1, r.id2];
    if (r.novel !== undefined) cols.push(r.novel);
    out += `${cols.map((c) => checkField(c, "relation column", id)).join("\t")}\n`;
  }
  return `${out}\n`;
}

function checkLine(value: string, what: string, docId: string): string {
  if (/[\n\r]/.test(value))
    throw new BioCError(
      "INVALID_VALUE",
      `${what} contains a line break, which PubTator cannot carry`,
      {
        documentId: docId,
      },
    );
  return value;
}
