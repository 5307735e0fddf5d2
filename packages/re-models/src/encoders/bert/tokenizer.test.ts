import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readWordPieceTokenizer } from "./tokenizer.js";

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures");
const cases = (
  JSON.parse(readFileSync(join(FIXTURES, "tiny-bert-expected-tokens.json"), "utf8")) as {
    cases: { text: string; tokens: string[]; ids: number[] }[];
  }
).cases;

describe("readWordPieceTokenizer (vocab.txt + tokenizer_config.json)", () => {
  const tokenizer = readWordPieceTokenizer(join(FIXTURES, "tiny-bert"));

  it.each(cases.map((c) => [c.text, c]))("matches BERT's reference tokenization on %j", (_, c) => {
    expect(tokenizer.tokenize(c.text)).toEqual(c.tokens);
    expect(tokenizer.encodeText(c.text)).toEqual(c.ids);
  });

  it("knows the framing tokens and the vocabulary size", () => {
    expect([tokenizer.pad, tokenizer.unk, tokenizer.cls, tokenizer.sep]).toEqual([0, 1, 2, 3]);
    expect(tokenizer.vocabSize).toBe(153);
    expect(tokenizer.baseVocabSize).toBe(153);
  });

  it("adds entity markers as special tokens after the vocabulary, never split by the library", () => {
    const marked = tokenizer.withAddedTokens(["[E:Gene]", "[/E:Gene]", "[E:Gene]"]);
    expect(marked.vocabSize).toBe(155);
    expect(marked.tokenId("[E:Gene]")).toBe(153);
    const word = (t: string) => marked.tokenId(t);
    expect(marked.encodeText("[E:Gene] TNF [/E:Gene] cells")).toEqual([
      153,
      word("tnf"),
      154,
      word("cells"),
    ]);
    expect(tokenizer.vocabSize).toBe(153); // the original is unchanged
  });
});
