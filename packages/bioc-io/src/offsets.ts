import { formatJsonPath } from "./context.js";
import type { BioCAnnotation, BioCDocument, BioCLocation, BioCPassage } from "./model.js";

/** An annotation whose `text` differs from the passage text at its locations. */
export interface OffsetMismatch {
  documentId: string;
  annotationId: string;
  /** JSON path of the annotation, e.g. `$.documents[3].passages[1].annotations[7]`. */
  jsonPath: string;
  /** The annotation's `text`. */
  expected: string;
  /** The text found at its locations (joined by a space when there are several). */
  found: string;
  locations: BioCLocation[];
}

export interface TextSpan {
  offset: number;
  text: string;
}

function textAt(span: TextSpan | undefined, loc: BioCLocation): string | undefined {
  if (!span) return undefined;
  const start = loc.offset - span.offset;
  if (start < 0 || start + loc.length > span.text.length) return undefined;
  return span.text.slice(start, start + loc.length);
}

/** Passage (or its sentences') text covering a document offset. */
function spanFor(passages: readonly BioCPassage[], offset: number): TextSpan | undefined {
  for (const p of passages) {
    if (p.text !== undefined && offset >= p.offset && offset <= p.offset + p.text.length)
      return { offset: p.offset, text: p.text };
    for (const s of p.sentences)
      if (offset >= s.offset && offset <= s.offset + s.text.length) return s;
  }
  return undefined;
}

/** `textAt(span, loc) === expected`, without cutting the text out. */
function hasTextAt(span: TextSpan | undefined, loc: BioCLocation, expected: string): boolean {
  if (!span || expected.length !== loc.length) return false;
  const start = loc.offset - span.offset;
  const text = span.text;
  if (start < 0 || start + loc.length > text.length) return false;
  if (expected.length === 0) return true;
  // native indexOf compares about twice as fast as startsWith; the first
  // character rules out most mismatches before it could search further on
  return (
    text.charCodeAt(start) === expected.charCodeAt(0) && text.indexOf(expected, start) === start
  );
}

function textsAt(
  locs: readonly BioCLocation[],
  own: TextSpan | undefined,
  passages: readonly BioCPassage[],
): string[] {
  return locs.map((l) => textAt(own ?? spanFor(passages, l.offset), l) ?? "");
}

/**
 * True when annotation `a`'s text is the text at its locations: in `own` (the
 * passage or sentence holding it, when that has the text) or, without one,
 * in the passage covering each offset.
 */
export function annotationTextMatches(
  a: BioCAnnotation,
  own: TextSpan | undefined,
  passages: readonly BioCPassage[],
): boolean {
  const locs = a.locations;
  if (locs.length === 0) return true;
  if (locs.length === 1) {
    // the common case, without allocating
    const l = locs[0] as BioCLocation;
    if (hasTextAt(own ?? spanFor(passages, l.offset), l, a.text)) return true;
  }
  const parts = textsAt(locs, own, passages);
  // Discontinuous mentions: CDR joins the pieces with a space, BC6PM without.
  return parts.join(" ") === a.text || parts.join("") === a.text;
}

/** Checks one annotation, at passage `p` / sentence `s` / index `i` of document `d` (-1: none). */
function check(
  a: BioCAnnotation,
  own: TextSpan | undefined,
  doc: BioCDocument,
  d: number,
  p: number,
  s: number,
  i: number,
  out: OffsetMismatch[],
): void {
  if (annotationTextMatches(a, own, doc.passages)) return;
  const parts = textsAt(a.locations, own, doc.passages);
  out.push({
    documentId: doc.id,
    annotationId: a.id,
    jsonPath: formatJsonPath(annotationPath(d, p, s, i)),
    expected: a.text,
    found: parts.join(" "),
    locations: a.locations,
  });
}

/** JSON path of an annotation: passage -1 = document level, sentence -1 = passage level. */
function annotationPath(d: number, p: number, s: number, a: number): (string | number)[] {
  if (p < 0) return ["documents", d, "annotations", a];
  if (s < 0) return ["documents", d, "passages", p, "annotations", a];
  return ["documents", d, "passages", p, "sentences", s, "annotations", a];
}

/**
 * Checks every annotation's `text` against the text at its locations (the
 * passage or sentence that holds it; document-level annotations look up the
 * passage covering the offset). Returns the mismatches; an empty list means
 * every offset is right.
 */
export function checkOffsets(documents: Iterable<BioCDocument>): OffsetMismatch[] {
  const out: OffsetMismatch[] = [];
  let di = 0;
  for (const doc of documents) documentOffsetMismatches(doc, di++, out);
  return out;
}

/** The mismatches of one document, numbered `d` in the JSON paths, appended to `out`. */
export function documentOffsetMismatches(
  doc: BioCDocument,
  d: number,
  out: OffsetMismatch[],
): void {
  for (let pi = 0; pi < doc.passages.length; pi++) {
    const p = doc.passages[pi] as BioCPassage;
    const own =
      p.text !== undefined && p.sentences.length === 0 && p.annotations.length > 0
        ? { offset: p.offset, text: p.text }
        : undefined;
    for (let ai = 0; ai < p.annotations.length; ai++)
      check(p.annotations[ai] as BioCAnnotation, own, doc, d, pi, -1, ai, out);
    for (let si = 0; si < p.sentences.length; si++) {
      const s = p.sentences[si] as TextSpan & { annotations: BioCAnnotation[] };
      for (let ai = 0; ai < s.annotations.length; ai++)
        check(s.annotations[ai] as BioCAnnotation, s, doc, d, pi, si, ai, out);
    }
  }
  for (let ai = 0; ai < doc.annotations.length; ai++)
    check(doc.annotations[ai] as BioCAnnotation, undefined, doc, d, -1, -1, ai, out);
}
