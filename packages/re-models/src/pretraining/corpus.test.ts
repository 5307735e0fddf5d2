import { readCollection } from "@biore/bioc-io";
import { Tokenizer, unlabeledTextSync } from "@biore/relation-dataset";
import { dataFile, haveData } from "@biore/test-data";
import { describe, expect, it } from "vitest";
import { encodeUnlabeledSentences } from "./corpus.js";
import { trainWordVectors } from "./word2vec.js";

const triage = dataFile("bc6pm", "PMtask_Triage_TestSet.json");

describe.runIf(haveData(triage))("encodeUnlabeledSentences on BC6PM triage abstracts", () => {
  it("encodes every sentence with the tokenizer's ids, ready for trainWordVectors", async () => {
    const documents = (await readCollection(triage)).documents.slice(0, 30);
    const words = [...unlabeledTextSync(documents)].flatMap((s) => s.words);
    const tokenizer = Tokenizer.fit(words, { minWordCount: 1 });
    const sentences = await encodeUnlabeledSentences(documents, tokenizer);

    expect(sentences.length).toBeGreaterThan(0);
    const ids = sentences.flatMap((s) => [...s]);
    expect(ids.length).toBe(words.length); // every word is a whole token at minWordCount 1
    expect(Math.max(...ids)).toBeLessThan(tokenizer.vocabSize);
    const vectors = trainWordVectors(sentences, {
      vocabSize: tokenizer.vocabSize,
      dim: 8,
      window: 3,
      negative: 3,
      epochs: 1,
      learningRate: 0.025,
      seed: 1,
      method: "skipgram",
    });
    expect(vectors.length).toBe(tokenizer.vocabSize * 8);
    expect(vectors.every(Number.isFinite)).toBe(true);
  });
});
