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
