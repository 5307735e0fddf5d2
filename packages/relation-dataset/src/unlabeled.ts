import type { BioCDocument } from "@biore/bioc-io";
import { layoutDocument } from "./text/layout.js";

/** One sentence of unlabeled text with its words, for pre-training token embeddings. */
export interface UnlabeledSentence {
  documentId: string;
  text: string;
  /** Words as the dataset's tokenizer sees them (before sub-word splitting). */
  words: string[];
}

/** Sentences and words of documents from a sync iterable (annotations are ignored). */
export function* unlabeledTextSync(
  documents: Iterable<BioCDocument>,
): Generator<UnlabeledSentence> {
  for (const document of documents) yield* sentencesOf(document);
}

/**
 * Sentences and words of documents from a sync or async iterable (e.g. bioc-io's streaming
 * reader over the 5.5k BC6PM triage abstracts), one document in memory at a time.
 */
export async function* unlabeledText(
  documents: Iterable<BioCDocument> | AsyncIterable<BioCDocument>,
): AsyncGenerator<UnlabeledSentence> {
  for await (const document of documents) yield* sentencesOf(document);
}

function* sentencesOf(document: BioCDocument): Generator<UnlabeledSentence> {
  const layout = layoutDocument(document);
  let w = 0;
  for (let s = 0; s < layout.sentences.length; s++) {
    const words: string[] = [];
    while (w < layout.words.length && layout.words[w]!.sentence === s) {
      words.push(layout.text(layout.words[w]!));
      w++;
    }
    yield { documentId: document.id, text: layout.text(layout.sentences[s]!), words };
  }
}
