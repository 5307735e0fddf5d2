/** A half-open character range [start, end). */
export interface TextSpan {
  start: number;
  end: number;
}

/** Words after which a period does not end a sentence (lower case, without the final period). */
export const NON_FINAL_ABBREVIATIONS: ReadonlySet<string> = new Set([
  "al",
  "e.g",
  "i.e",
  "vs",
  "fig",
  "figs",
  "ca",
  "cf",
  "approx",
  "dr",
  "mr",
  "mrs",
  "ms",
  "prof",
  "no",
  "nos",
  "resp",
  "ref",
  "refs",
  "st",
  "sp",
  "spp",
  "subsp",
  "var",
  "vol",
  "pp",
  "eq",
  "inc",
  "ltd",
  "co",
  "jr",
  "viz",
  "nr",
  "tab",
  "suppl",
  "chap",
  "sect",
  "ed",
  "eds",
]);

const TERMINATORS = new Set([".", "!", "?"]);
const CLOSERS = new Set([")", "]", '"', "'", "\u201d", "\u2019"]);
const SPACE = /\s/;
const isSpace = (c: string): boolean =>
  c === " " || c === "\n" || c === "\t" || c === "\r" || (c > "\u007f" && SPACE.test(c));
/** A numbered-list marker (`1.`, `(2).`, `iv.`) is not a sentence of its own. */
const LIST_MARKER = /^\(?(?:\d{1,2}|[ivx]{1,4})\)?$/;
const OPENS_SENTENCE = /[\p{Lu}\p{N}([\u201c"']/u;

/**
 * Splits a biomedical abstract into sentences. A sentence ends at `.`, `!` or `?` followed by
 * space and an upper-case letter, digit or opening bracket, except after abbreviations
 * (`et al.`, `e.g.`, `Fig.`, `vs.`), after a list marker (`1.`), and inside a protected span (an entity mention such as
 * `E. Coli`). Decimals (`1.4`) and lower-case continuations (`E. coli`, `S. cerevisiae`)
 * never split. Returned spans are trimmed and cover all non-space text.
 */
export function splitSentences(text: string, protectedSpans: readonly TextSpan[] = []): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = skipSpace(text, 0);
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63) continue; // . ! ?
    let end = i + 1;
    while (end < text.length && (CLOSERS.has(text[end]!) || TERMINATORS.has(text[end]!))) end++;
    if (end >= text.length || !isSpace(text[end]!)) continue;
    const next = skipSpace(text, end);
    if (next >= text.length) break;
    if (!OPENS_SENTENCE.test(text[next]!)) continue;
    if (
      text[i] === "." &&
      (isAbbreviation(text, start, i) || LIST_MARKER.test(text.slice(start, i)))
    ) {
      continue;
    }
    if (insideAny(protectedSpans, i, next)) continue;
    spans.push({ start, end });
    start = next;
    i = next - 1;
  }
  const last = trimEnd(text, text.length);
  if (last > start) spans.push({ start, end: last });
  return spans;
}

function isAbbreviation(text: string, sentenceStart: number, period: number): boolean {
  let w = period;
  while (w > sentenceStart && !isSpace(text[w - 1]!) && text[w - 1] !== "(") w--;
  const word = text.slice(w, period).toLowerCase();
  return NON_FINAL_ABBREVIATIONS.has(word);
}

function insideAny(spans: readonly TextSpan[], from: number, to: number): boolean {
  for (const s of spans) if (s.start <= from && s.end >= to) return true;
  return false;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text[i]!)) i++;
  return i;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && isSpace(text[end - 1]!)) end--;
  return end;
}
