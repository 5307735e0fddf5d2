import type { BioCDocument } from "@biore/bioc-io";
import type { DocumentConcepts } from "../concepts.js";
import type { EntityTypeSpace } from "../entity-types.js";
import type { LabelSpace } from "../label-space.js";
import type { DocumentPairs } from "../pairs.js";
import { type DocumentLayout, layoutDocument } from "../text/layout.js";
import { lowerBound } from "../text/words.js";
import type { Tokenizer } from "../tokenizer.js";
import type { EncodedDocument } from "../types.js";
import type { DatasetWarning } from "../warnings.js";
import { type ConceptProfile, NUM_PAIR_FEATURES, writePairFeatures } from "./features.js";

/** What encoding needs besides the document. */
export interface EncodeContext {
  /** Only `encodeWord` is used, so any word-to-ids tokenizer fits (e.g. a pretrained model's WordPiece). */
  tokenizer: Pick<Tokenizer, "encodeWord">;
  entityTypes: EntityTypeSpace;
  labelSpace: LabelSpace;
  /** Documents with more tokens are truncated (with a warning). */
  maxTokens: number;
  /** Receives every problem found while encoding (truncation, unknown types, ...). */
  warn: (warning: DatasetWarning) => void;
}

/** An encoded document and what happened while encoding it. */
export interface EncodeResult {
  encoded: EncodedDocument;
  /** Tokens before truncation. */
  tokenCount: number;
  truncatedMentions: number;
  truncatedPairs: number;
  /** Labels of pairs the label space does not know (encoded as `None`). */
  unknownLabels: string[];
}

/**
 * Encodes one document's text once, with every concept, mention and candidate pair. `layout`
 * must come from `layoutDocument(document, concepts.mentions)` (computed when absent).
 */
export function encodeDocument(
  document: BioCDocument,
  concepts: DocumentConcepts,
  pairs: DocumentPairs,
  ctx: EncodeContext,
  layout: DocumentLayout = layoutDocument(document, concepts.mentions),
): EncodeResult {
  const documentId = document.id;
  const { words } = layout;
  const wordStarts = Int32Array.from(words, (w) => w.start);
  const wordEnds = Int32Array.from(words, (w) => w.end);

  // Word -> token (piece) range.
  const pieceStart = new Int32Array(words.length + 1);
  const tokenIds: number[] = [];
  const sentenceOfToken: number[] = [];
  for (let w = 0; w < words.length; w++) {
    pieceStart[w] = tokenIds.length;
    const word = words[w]!;
    for (const id of ctx.tokenizer.encodeWord(layout.text(word))) {
      tokenIds.push(id);
      sentenceOfToken.push(word.sentence);
    }
  }
  pieceStart[words.length] = tokenIds.length;
  const tokenCount = tokenIds.length;
  const T = Math.min(tokenCount, ctx.maxTokens);

  const wordSpanOf = (start: number, end: number): [number, number] => {
    const first = lowerBound(wordEnds, start + 1);
    const last = lowerBound(wordStarts, end) - 1;
    return [first, last];
  };

  // Per-token entity types from every mention (normalized or not); the first, longest wins.
  const entityTypeIds = new Int32Array(T);
  const unknownTypes = new Set<string>();
  for (const m of concepts.mentions) {
    const typeId = ctx.entityTypes.id(m.type);
    if (typeId === 0 && m.type !== "") unknownTypes.add(m.type);
    const [first, last] = wordSpanOf(m.start, m.end);
    if (first > last) continue;
    const to = Math.min(T, pieceStart[last + 1]!);
    for (let t = pieceStart[first]!; t < to; t++)
      if (entityTypeIds[t] === 0) entityTypeIds[t] = typeId;
  }
  for (const type of unknownTypes) {
    ctx.warn({
      code: "UNKNOWN_ENTITY_TYPE",
      documentId,
      message: `entity type "${type}" was not seen in training; its tokens get type id 0`,
    });
  }

  // Concepts: type ids, mention token spans (kept when inside the truncated text), profiles.
  const C = concepts.concepts.length;
  const conceptTypeIds = new Int32Array(C);
  const mentionStart: number[] = [];
  const mentionEnd: number[] = [];
  const mentionConcept: number[] = [];
  const profiles: ConceptProfile[] = [];
  const keptMentions = new Int32Array(C);
  let truncatedMentions = 0;
  concepts.concepts.forEach((concept, c) => {
    const typeId = ctx.entityTypes.id(concept.type);
    conceptTypeIds[c] = typeId;
    const sentences = new Set<number>();
    const wordPositions: number[] = [];
    let inTitle = false;
    for (const m of concept.mentions) {
      const [first, last] = wordSpanOf(m.start, m.end);
      if (first > last) {
        ctx.warn({
          code: "UNALIGNED_MENTION",
          documentId,
          annotationId: m.annotationId,
          message: `mention ${m.annotationId} [${m.start}, ${m.end}) covers no word (only spaces?); not encoded`,
        });
        continue;
      }
      const word = words[first]!;
      sentences.add(word.sentence);
      wordPositions.push(first);
      if (layout.passages[word.passage]?.isTitle) inTitle = true;
      const start = pieceStart[first]!;
      const end = pieceStart[last + 1]!;
      if (end > T) {
        truncatedMentions++;
        continue;
      }
      mentionStart.push(start);
      mentionEnd.push(end);
      mentionConcept.push(c);
      keptMentions[c]!++;
    }
    profiles.push({
      typeId,
      sentences: [...sentences].sort((a, b) => a - b),
      wordPositions,
      mentionCount: concept.mentions.length,
      inTitle,
    });
  });

  // Pairs: indices, labels, novelty, type pair, features.
  const P = pairs.pairs.length;
  const pairHead = new Int32Array(P);
  const pairTail = new Int32Array(P);
  const labelIds = new Int32Array(P);
  const novelIds = new Int32Array(P);
  const pairTypeIds = new Int32Array(P);
  const pairFeatures = new Float32Array(P * NUM_PAIR_FEATURES);
  const unknownLabels: string[] = [];
  let truncatedPairs = 0;
  for (let p = 0; p < P; p++) {
    const pair = pairs.pairs[p]!;
    const [h, t] = pairs.pairIndices[p]!;
    pairHead[p] = h;
    pairTail[p] = t;
    if (ctx.labelSpace.has(pair.label)) labelIds[p] = ctx.labelSpace.id(pair.label);
    else unknownLabels.push(pair.label);
    novelIds[p] = pair.novel === null ? -1 : pair.novel ? 1 : 0;
    pairTypeIds[p] = ctx.entityTypes.pairId(conceptTypeIds[h]!, conceptTypeIds[t]!);
    writePairFeatures(profiles[h]!, profiles[t]!, pairFeatures, p);
    if (keptMentions[h] === 0 || keptMentions[t] === 0) truncatedPairs++;
  }
  if (unknownLabels.length > 0) {
    ctx.warn({
      code: "UNKNOWN_LABEL",
      documentId,
      message: `${unknownLabels.length} pair(s) carry labels unknown to the label space (${[...new Set(unknownLabels)].join(", ")}); encoded as None`,
    });
  }
  if (tokenCount > T) {
    ctx.warn({
      code: "TRUNCATED",
      documentId,
      message: `document has ${tokenCount} tokens, truncated to ${T}: ${truncatedMentions} mention(s) and ${truncatedPairs} pair(s) with a concept left without mentions`,
    });
  }

  const encoded: EncodedDocument = {
    documentId,
    tokenIds: Int32Array.from(tokenIds.slice(0, T)),
    entityTypeIds,
    sentenceIds: Int32Array.from(sentenceOfToken.slice(0, T)),
    conceptTypeIds,
    mentionStart: Int32Array.from(mentionStart),
    mentionEnd: Int32Array.from(mentionEnd),
    mentionConcept: Int32Array.from(mentionConcept),
    pairHead,
    pairTail,
    pairFeatures,
    labelIds,
    novelIds,
    pairTypeIds,
    tokenCount,
  };
  return { encoded, tokenCount, truncatedMentions, truncatedPairs, unknownLabels };
}
