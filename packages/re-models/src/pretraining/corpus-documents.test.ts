import type { BioCDocument } from "@biore/bioc-io";
import { Tokenizer, unlabeledTextSync } from "@biore/relation-dataset";
import { describe, expect, it } from "vitest";
import { encodeUnlabeledDocuments } from "./corpus.js";

const documentOf = (id: string, text: string): BioCDocument => ({
  id,
  infons: {},
  annotations: [],
  relations: [],
  passages: [{ offset: 0, infons: {}, text, sentences: [], relations: [], annotations: [] }],
});

describe("encodeUnlabeledDocuments", () => {
  const documents = [
    documentOf("a", "Aspirin inhibits COX1. It binds the enzyme. Pain is reduced."),
    documentOf("b", "BRCA1 mutations increase risk."),
  ];
  const words = [...unlabeledTextSync(documents)].flatMap((s) => s.words);
  const tokenizer = Tokenizer.fit(words, { minWordCount: 1 });

  it("keeps each document whole with its sentence indices when it fits", async () => {
    const sequences = await encodeUnlabeledDocuments(documents, tokenizer);
    expect(sequences.map((s) => s.documentId)).toEqual(["a", "b"]);
    const a = sequences[0];
    expect(a?.tokenIds.length).toBe(words.length - 5); // "b" has 5 words (with the full stop)
    expect([...new Set(a?.sentenceIds)]).toEqual([0, 1, 2]);
    expect([...(a?.tokenIds ?? [])]).toEqual([
      ...tokenizer.encodeWords(words.slice(0, a?.tokenIds.length)),
    ]);
  });

  it("cuts a longer document at sentence ends, losing no token", async () => {
    const sequences = await encodeUnlabeledDocuments(documents.slice(0, 1), tokenizer, {
      maxTokens: 9,
    });
    expect(sequences.length).toBeGreaterThan(1);
    expect(sequences.every((s) => s.tokenIds.length <= 9 && s.sentenceIds[0] === 0)).toBe(true);
    const total = sequences.reduce((n, s) => n + s.tokenIds.length, 0);
    expect(total).toBe(words.length - 5);
  });
});
