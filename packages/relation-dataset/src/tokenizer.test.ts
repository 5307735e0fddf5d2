import { describe, expect, it } from "vitest";
import { PAD_ID, RelationDatasetError, Tokenizer, UNK_ID } from "./index.js";

const corpus =
  "the patients carried the BRCA1 variant and the BRCA2 variant ; patients with mutations in BRCA1 mutation carriers".split(
    " ",
  );

describe("Tokenizer", () => {
  it("keeps frequent words whole and splits unseen words into learnt pieces", () => {
    const tok = Tokenizer.fit(corpus, { minWordCount: 2, minPieceCount: 2 });
    expect(tok.token(PAD_ID)).toBe("[PAD]");
    expect(tok.token(UNK_ID)).toBe("[UNK]");
    expect(tok.encodeWord("patients")).toHaveLength(1);
    expect(tok.isWholeWord("BRCA1")).toBe(true);
    const unseen = tok.encodeWord("BRCA21");
    expect(unseen.length).toBeGreaterThan(1);
    expect(
      unseen
        .map((id) => tok.token(id))
        .join("")
        .replaceAll("##", ""),
    ).toBe("BRCA21");
    expect(unseen.map((id) => tok.token(id))[0]).toBe("BRCA");
    expect(tok.encodeWord("µ")).toEqual([UNK_ID]);
    expect([...tok.encodeWords(["patients", "BRCA21"])]).toEqual([
      ...tok.encodeWord("patients"),
      ...unseen,
    ]);
  });

  it("round-trips through JSON with the same ids and rejects malformed JSON", () => {
    const tok = Tokenizer.fit(corpus, { maxVocabSize: 60 });
    expect(tok.vocabSize).toBeLessThanOrEqual(60);
    const again = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    expect(again.vocabSize).toBe(tok.vocabSize);
    for (const w of ["BRCA1", "carriers", "mutational", "xyz"])
      expect(again.encodeWord(w)).toEqual(tok.encodeWord(w));
    expect(() => Tokenizer.fromJSON({ format: "other" })).toThrow(RelationDatasetError);
    try {
      Tokenizer.fromJSON({ ...tok.toJSON(), vocab: ["[PAD]", "[UNK]", "a", "a"] });
      expect.unreachable();
    } catch (e) {
      expect((e as RelationDatasetError).code).toBe("INVALID_TOKENIZER_JSON");
    }
  });

  it("is deterministic whatever the order of training words", () => {
    const a = Tokenizer.fit(corpus).toJSON();
    const b = Tokenizer.fit([...corpus].reverse()).toJSON();
    expect(b).toEqual(a);
  });

  it("can lower-case", () => {
    const tok = Tokenizer.fit(["Tamoxifen", "tamoxifen"], { lowercase: true });
    expect(tok.encodeWord("TAMOXIFEN")).toEqual(tok.encodeWord("tamoxifen"));
    expect(tok.encodeWord("tamoxifen")).toHaveLength(1);
  });
});
