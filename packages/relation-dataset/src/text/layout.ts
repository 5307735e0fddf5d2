import type { BioCDocument } from "@biore/bioc-io";
import { type PassageSpan, passageSpans } from "../document-text.js";
import { type TextSpan, splitSentences } from "./sentences.js";
import { splitWords } from "./words.js";

/** A word of the document with its sentence (document-wide index) and passage. */
export interface LaidOutWord extends TextSpan {
  sentence: number;
  passage: number;
}

/** A document cut into passages, sentences and words (all offsets document-level). */
export interface DocumentLayout {
  passages: PassageSpan[];
  sentences: Array<TextSpan & { passage: number }>;
  words: LaidOutWord[];
  /** The text of a span. */
  text(span: TextSpan): string;
}

/**
 * Splits every passage into sentences and words. Mention spans (document-level) are never
 * cut by a sentence boundary and always start and end on word boundaries.
 */
export function layoutDocument(
  document: BioCDocument,
  mentionSpans: readonly TextSpan[] = [],
): DocumentLayout {
  const passages = passageSpans(document);
  const boundaries = [...new Set(mentionSpans.flatMap((m) => [m.start, m.end]))].sort(
    (a, b) => a - b,
  );
  const sentences: DocumentLayout["sentences"] = [];
  const words: LaidOutWord[] = [];
  for (const passage of passages) {
    const local = mentionSpans
      .filter((m) => m.start >= passage.start && m.end <= passage.end)
      .map((m) => ({ start: m.start - passage.start, end: m.end - passage.start }));
    for (const s of splitSentences(passage.text, local)) {
      const sentence = sentences.length;
      sentences.push({
        start: passage.start + s.start,
        end: passage.start + s.end,
        passage: passage.index,
      });
      const sentenceText = passage.text.slice(s.start, s.end);
      for (const w of splitWords(sentenceText, passage.start + s.start, boundaries)) {
        words.push({ start: w.start, end: w.end, sentence, passage: passage.index });
      }
    }
  }
  const text = (span: TextSpan): string => {
    for (const p of passages) {
      if (span.start >= p.start && span.end <= p.end) {
        return p.text.slice(span.start - p.start, span.end - p.start);
      }
    }
    return "";
  };
  return { passages, sentences, words, text };
}
