import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { cosineSimilarity } from "./similarity.js";
import { type WordVectorMethod, trainWordVectors } from "./word2vec.js";
import { pretrainingErrorCode } from "../test-support/pretraining-error.js";

// ids 2 and 3 ("synonyms") only ever occur among context words 10-14; id 4 only among 15-19;
// filler ids 5-9 occur anywhere.
const A = 2;
const B = 3;
const C = 4;
const VOCAB = 20;

function syntheticCorpus(count: number, seed: number): Int32Array[] {
  const rng = createRng(seed);
  const pick = (from: number, n: number) => from + Math.floor(rng() * n);
  const sentences: Int32Array[] = [];
  for (let s = 0; s < count; s++) {
    const group = rng() < 2 / 3 ? 0 : 1;
    const centre = group === 0 ? (rng() < 0.5 ? A : B) : C;
    const contextFrom = group === 0 ? 10 : 15;
    sentences.push(
      Int32Array.from([
        pick(5, 5),
        pick(contextFrom, 5),
        pick(contextFrom, 5),
        centre,
        pick(contextFrom, 5),
        pick(contextFrom, 5),
        pick(5, 5),
      ]),
    );
  }
  return sentences;
}

const options = (method: WordVectorMethod, seed = 7) => ({
  vocabSize: VOCAB,
  dim: 16,
  window: 2,
  negative: 5,
  epochs: 5,
  subsample: 0,
  learningRate: method === "cbow" ? 0.05 : 0.025,
  seed,
  method,
});

describe("trainWordVectors", () => {
  const corpus = syntheticCorpus(3000, 1);

  for (const method of ["skipgram", "cbow"] as const) {
    it(`${method}: words that share contexts end up closer than unrelated words`, () => {
      const vectors = trainWordVectors(corpus, options(method));
      const related = cosineSimilarity(vectors, 16, A, B);
      expect(related).toBeGreaterThan(cosineSimilarity(vectors, 16, A, C) + 0.3);
      expect(related).toBeGreaterThan(cosineSimilarity(vectors, 16, B, C) + 0.3);
      expect(related).toBeGreaterThan(0.7);
    });
  }

  it("is deterministic for a seed and differs across seeds", () => {
    const small = corpus.slice(0, 500);
    const first = trainWordVectors(small, options("skipgram", 3));
    const again = trainWordVectors(small, options("skipgram", 3));
    const other = trainWordVectors(small, options("skipgram", 4));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it("leaves rows of absent, rare and skipped ids at zero", () => {
    const vectors = trainWordVectors([[2, 3, 2, 3, 4, 5, 2, 3]], {
      ...options("cbow"),
      minCount: 2,
      skipIds: [3],
    });
    const row = (id: number) => [...vectors.subarray(id * 16, (id + 1) * 16)];
    expect(row(0).every((v) => v === 0)).toBe(true); // absent
    expect(row(4).every((v) => v === 0)).toBe(true); // seen once < minCount
    expect(row(3).every((v) => v === 0)).toBe(true); // skipped
    expect(row(2).some((v) => v !== 0)).toBe(true);
  });

  it("starts from initialVectors' non-zero rows; none, or only zero rows, change nothing", () => {
    const small = corpus.slice(0, 300);
    const plain = trainWordVectors(small, options("skipgram", 3));
    const zeros = new Float32Array(VOCAB * 16);
    expect(trainWordVectors(small, { ...options("skipgram", 3), initialVectors: zeros })).toEqual(
      plain,
    );
    // with a vanishing learning rate the trained rows stay where they started
    const start = new Float32Array(VOCAB * 16);
    start.fill(0.25, A * 16, (A + 1) * 16);
    const still = { ...options("skipgram", 3), learningRate: 1e-9 };
    const row = (v: Float32Array, id: number) => [...v.subarray(id * 16, (id + 1) * 16)];
    const fromStart = trainWordVectors(small, { ...still, initialVectors: start });
    for (const v of row(fromStart, A)) expect(v).toBeCloseTo(0.25, 6);
    expect(row(fromStart, B)).toEqual(row(trainWordVectors(small, still), B));
  });

  it("reports progress up to every token of every epoch", () => {
    const seen: number[] = [];
    trainWordVectors(corpus.slice(0, 100), {
      ...options("skipgram"),
      onProgress: (p) => seen.push(p.wordsDone / p.wordsTotal),
    });
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.at(-1)).toBe(1);
  });

  it("throws typed errors for ids out of range, bad options and an empty corpus", () => {
    const code = pretrainingErrorCode;
    expect(code(() => trainWordVectors([[1, VOCAB]], options("skipgram")))).toBe(
      "TOKEN_OUT_OF_RANGE",
    );
    expect(code(() => trainWordVectors(corpus, { ...options("skipgram"), dim: 0 }))).toBe(
      "INVALID_OPTIONS",
    );
    const short = new Float32Array(VOCAB * 16 - 1);
    expect(
      code(() => trainWordVectors(corpus, { ...options("cbow"), initialVectors: short })),
    ).toBe("INVALID_OPTIONS");
    expect(code(() => trainWordVectors([[1, 2]], { ...options("cbow"), minCount: 5 }))).toBe(
      "EMPTY_CORPUS",
    );
  });
});
