import type { BioCDocument } from "@biore/bioc-io";
import { type Tokenizer, unlabeledText } from "@biore/relation-dataset";

/**
 * Token-id sentences of unlabeled documents, encoded with the model's tokenizer so the ids
 * match its vocabulary (annotations and relations are ignored). Empty sentences are dropped.
 */
export async function encodeUnlabeledSentences(
  documents: Iterable<BioCDocument> | AsyncIterable<BioCDocument>,
  tokenizer: Tokenizer,
): Promise<Int32Array[]> {
  const sentences: Int32Array[] = [];
  for await (const sentence of unlabeledText(documents)) {
    const ids = tokenizer.encodeWords(sentence.words);
    if (ids.length > 0) sentences.push(ids);
  }
  return sentences;
}

/** One sequence of unlabeled text for masked-token pre-training: a document, or a piece of a long one. */
export interface UnlabeledSequence {
  documentId: string;
  /** Token ids from the model's tokenizer. */
  tokenIds: Int32Array;
  /** Sentence index (within the sequence) of each token. */
  sentenceIds: Int32Array;
}

/**
 * Documents as the relation model reads them (whole abstracts, sentences in order), encoded
 * with its tokenizer; a document longer than `maxTokens` is cut at sentence ends into several
 * sequences (a single longer sentence is truncated), so no text is dropped and positions stay
 * within the range the model sees in training.
 */
export async function encodeUnlabeledDocuments(
  documents: Iterable<BioCDocument> | AsyncIterable<BioCDocument>,
  tokenizer: Tokenizer,
  options: { maxTokens?: number } = {},
): Promise<UnlabeledSequence[]> {
  const maxTokens = options.maxTokens ?? 512;
  const out: UnlabeledSequence[] = [];
  let documentId = "";
  let ids: number[] = [];
  let sentences: number[] = [];
  let sentence = 0;
  const flush = () => {
    if (ids.length > 0)
      out.push({
        documentId,
        tokenIds: Int32Array.from(ids),
        sentenceIds: Int32Array.from(sentences),
      });
    ids = [];
    sentences = [];
    sentence = 0;
  };
  for await (const unlabeled of unlabeledText(documents)) {
    if (unlabeled.documentId !== documentId) {
      flush();
      documentId = unlabeled.documentId;
    }
    const encoded = tokenizer.encodeWords(unlabeled.words).subarray(0, maxTokens);
    if (encoded.length === 0) continue;
    if (ids.length + encoded.length > maxTokens) flush();
    for (const id of encoded) {
      ids.push(id);
      sentences.push(sentence);
    }
    sentence++;
  }
  flush();
  return out;
}
