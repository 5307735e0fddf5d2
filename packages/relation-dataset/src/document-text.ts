import type { BioCDocument, BioCPassage } from "@biore/bioc-io";

/** The text of a passage starting at `passage.offset`, rebuilt from its sentences when it has no text. */
export function passageText(passage: BioCPassage): string {
  if (passage.text !== undefined) return passage.text;
  let text = "";
  for (const sentence of passage.sentences) {
    const at = sentence.offset - passage.offset;
    if (at > text.length) text += " ".repeat(at - text.length);
    text = text.slice(0, Math.max(0, at)) + sentence.text;
  }
  return text;
}

/** A passage's text with its document-level character range. */
export interface PassageSpan {
  index: number;
  start: number;
  end: number;
  text: string;
  /** True for the first passage or one whose `type` infon says title. */
  isTitle: boolean;
}

/** Document-level spans of every passage, in document order. */
export function passageSpans(document: BioCDocument): PassageSpan[] {
  return document.passages.map((passage, index) => {
    const text = passageText(passage);
    const type = (passage.infons.type ?? passage.infons.section_type ?? "").toLowerCase();
    const isTitle = type === "title" || type === "front" || (index === 0 && type === "");
    return { index, start: passage.offset, end: passage.offset + text.length, text, isTitle };
  });
}

/** Index of the passage containing [start, end), or -1. */
export function passageContaining(
  spans: readonly PassageSpan[],
  start: number,
  end: number,
): number {
  for (const span of spans) {
    if (start >= span.start && end <= span.end) return span.index;
  }
  return -1;
}
