import { BioCError } from "./errors.js";

/** The file formats this package reads and writes. */
export type BioCFormat = "json" | "xml" | "pubtator";

const PUBTATOR_TITLE = /^[^\s|]+\|[ta]\|/;
const PUBTATOR_MENTION = /^[^\s|\t]+\t\d+\t\d+\t/;

/**
 * Detects the format from the first bytes of the content (not the file name):
 * `{` is BioC JSON, `<` is BioC XML, `ID|t|` / `ID|a|` / mention lines are PubTator.
 * Throws EMPTY_INPUT, BINARY_INPUT or UNKNOWN_FORMAT otherwise.
 */
export function detectFormat(head: string, file = "<string>"): BioCFormat {
  let i = 0;
  if (head.charCodeAt(0) === 0xfeff) i = 1;
  while (i < head.length && /\s/.test(head[i] as string)) i++;
  if (i >= head.length)
    throw new BioCError("EMPTY_INPUT", "the input is empty (only whitespace)", { file, offset: 0 });
  if (looksBinary(head))
    throw new BioCError("BINARY_INPUT", "the input is binary, not text", {
      file,
      offset: firstControl(head),
    });
  const c = head[i];
  if (c === "{") return "json";
  if (c === "<") return "xml";
  const firstLine = head.slice(i, head.indexOf("\n", i) === -1 ? undefined : head.indexOf("\n", i));
  if (PUBTATOR_TITLE.test(firstLine) || PUBTATOR_MENTION.test(firstLine)) return "pubtator";
  throw new BioCError(
    "UNKNOWN_FORMAT",
    `not BioC JSON, BioC XML or PubTator (starts with ${JSON.stringify(firstLine.slice(0, 30))})`,
    { file, line: 1, column: 1 },
  );
}

function firstControl(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) return i;
  }
  return 0;
}

/** NUL bytes, other control characters or UTF-8 decoding failures in the first bytes. */
export function looksBinary(head: string): boolean {
  const n = Math.min(head.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad > 0 && bad * 50 > n ? true : bad > 8;
}

/** Format implied by a file name's extension, if any. */
export function formatFromExtension(path: string): BioCFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".xml")) return "xml";
  if (lower.endsWith(".pubtator") || lower.endsWith(".txt") || lower.endsWith(".pubtator.txt"))
    return "pubtator";
  return undefined;
}
