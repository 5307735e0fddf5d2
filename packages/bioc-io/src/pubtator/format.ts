import { BioCError } from "../errors.js";
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
    const cols = [id, String(m.start), String(m.end), m.text, m.type];
    if (m.identifier !== undefined) cols.push(m.identifier, ...m.extra);
    out += `${cols.map((c) => checkField(c, "mention column", id)).join("\t")}\n`;
  }
  for (const r of d.relations) {
    const cols = [id, r.type, r.id1, r.id2];
    if (r.novel !== undefined) cols.push(r.novel, ...r.extra);
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
