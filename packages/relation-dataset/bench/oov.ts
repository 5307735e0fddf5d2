// The measurement behind the choice of sub-word pieces for unseen words: how many Dev words
// a Train word vocabulary misses, and what the sub-word tokenizer does with them.
import type { BioCDocument } from "@biore/bioc-io";
import {
  Tokenizer,
  type TokenizerFitOptions,
  UNK_ID,
  buildConcepts,
  layoutDocument,
} from "../src/index.js";

function wordsOf(documents: readonly BioCDocument[]): string[] {
  return documents.flatMap((d) => {
    const layout = layoutDocument(d, buildConcepts(d).mentions);
    return layout.words.map((w) => layout.text(w));
  });
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

/** Prints OOV rates of `dev` words w.r.t. a vocabulary of `train` words, with and without sub-words. */
export function printOovReport(train: readonly BioCDocument[], dev: readonly BioCDocument[]): void {
  const trainWords = wordsOf(train);
  const devWords = wordsOf(dev);
  const counts = new Map<string, number>();
  for (const w of trainWords) counts.set(w, (counts.get(w) ?? 0) + 1);
  const lower = new Set(trainWords.map((w) => w.toLowerCase()));
  const rate = (miss: (w: string) => boolean): number =>
    devWords.filter(miss).length / devWords.length;
  console.log(
    `\nOOV of Dev words (${devWords.length}) w.r.t. Train words (${trainWords.length}, ${counts.size} types)`,
  );
  console.log(
    `  word vocabulary, every Train word          OOV ${pct(rate((w) => !counts.has(w)))}`,
  );
  console.log(
    `  word vocabulary, Train words seen >= 2x    OOV ${pct(rate((w) => (counts.get(w) ?? 0) < 2))}`,
  );
  console.log(
    `  word vocabulary, lower-cased               OOV ${pct(rate((w) => !lower.has(w.toLowerCase())))}`,
  );
  const settings: Array<[string, TokenizerFitOptions]> = [
    ["sub-words, defaults (cased)", {}],
    ["sub-words, lower-cased", { lowercase: true }],
    ["sub-words, pieces <= 6 chars", { maxPieceLength: 6 }],
  ];
  for (const [name, opts] of settings) {
    const tokenizer = Tokenizer.fit(trainWords, opts);
    let unknown = 0;
    let split = 0;
    let splitPieces = 0;
    let tokens = 0;
    for (const w of devWords) {
      const ids = tokenizer.encodeWord(w);
      tokens += ids.length;
      if (ids.length === 1 && ids[0] === UNK_ID) unknown++;
      else if (!tokenizer.isWholeWord(w)) {
        split++;
        splitPieces += ids.length;
      }
    }
    console.log(
      `  ${name.padEnd(40)} [UNK] ${pct(unknown / devWords.length)}, split ${pct(split / devWords.length)} into ${(splitPieces / Math.max(1, split)).toFixed(2)} pieces, ${(tokens / devWords.length).toFixed(3)} tokens/word, vocab ${tokenizer.vocabSize}`,
    );
  }
}
