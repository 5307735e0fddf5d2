import { describe, expect, it } from "vitest";
import type { PairScores } from "../model/relation-model.js";
import {
  bestNoneCut,
  decide,
  pairTypeMicroF1,
  tuneNoneBias,
  tuneNoveltyThreshold,
  tuneTypeBiases,
} from "./decision.js";

/** Scores of P pairs over labels [None, A, B] from rows of logits. */
function scores(
  logits: number[][],
  gold: number[],
  novelLogits?: number[],
  novel?: number[],
): PairScores {
  return {
    numPairs: logits.length,
    numLabels: 3,
    relationLogits: Float32Array.from(logits.flat()),
    noveltyLogits: Float32Array.from(novelLogits ?? logits.map(() => 0)),
    embeddingDim: 0,
    labelIds: Int32Array.from(gold),
    novelIds: Int32Array.from(novel ?? gold.map((g) => (g === 0 ? -1 : 0))),
  };
}

describe("decision rule", () => {
  // margins (best type - None): 2, 1, -0.5, -1, -3; gold: A, B, A, None, None
  const s = scores(
    [
      [0, 2, 1],
      [0, 0.5, 1],
      [0, -0.5, -1],
      [0, -1, -2],
      [0, -3, -4],
    ],
    [1, 2, 1, 0, 0],
  );

  it("tunes the None bias to the cut that maximizes pair+type F1, below the default argmax cut", () => {
    const tuned = tuneNoneBias(s);
    // taking the first three pairs gives 3/3 correct of 3 gold: F1 = 1
    expect(tuned.f1).toBe(1);
    expect(tuned.noneBias).toBeGreaterThan(-1);
    expect(tuned.noneBias).toBeLessThan(-0.5);
    const decided = decide(s, { noneBias: tuned.noneBias, noveltyThreshold: 0.5 });
    expect(Array.from(decided.labelIds)).toEqual([1, 2, 1, 0, 0]);
    const argmax = decide(s, { noneBias: 0, noveltyThreshold: 0.5 });
    expect(pairTypeMicroF1(argmax.labelIds, s.labelIds).f1).toBeCloseTo(0.8, 6);
  });

  it("places the None cut for the objective it is given: pair hits count any relation, pair+type hits the type too", () => {
    // margins 2, 1, -0.5, -1, -3; gold A, None, A, B, None; predicted types B, A, A, A, A
    const mixed = scores(
      [
        [0, 1, 2],
        [0, 1, 0],
        [0, -0.5, -1],
        [0, -1, -2],
        [0, -3, -4],
      ],
      [1, 0, 1, 2, 0],
    );
    // pair+type: one hit (pair 3) among the first three cut, F1 2/6; pair: the first four
    // hold three related pairs of three, F1 6/7
    const pairType = bestNoneCut(mixed, (_pair, type) => type);
    expect(pairType.value).toBeCloseTo(1 / 3, 6);
    expect(pairType.noneBias).toBeGreaterThan(-1);
    expect(pairType.noneBias).toBeLessThan(-0.5);
    expect(tuneNoneBias(mixed)).toEqual({ noneBias: pairType.noneBias, f1: pairType.value });
    const pair = bestNoneCut(mixed, (p) => p);
    expect(pair.value).toBeCloseTo(6 / 7, 6);
    expect(pair.noneBias).toBeGreaterThan(-3);
    expect(pair.noneBias).toBeLessThan(-1);
  });

  it("reports the probability of the chosen label as its score", () => {
    const decided = decide(s, { noneBias: 0, noveltyThreshold: 0.5 });
    const expected = Math.exp(2) / (1 + Math.exp(2) + Math.exp(1));
    expect(decided.scores[0]).toBeCloseTo(expected, 5);
  });

  it("tunes the novelty threshold on gold relations only", () => {
    const n = scores(
      [
        [0, 1, 0],
        [0, 1, 0],
        [0, 1, 0],
        [0, -1, 0],
      ],
      [1, 1, 1, 0],
      [-1, -0.5, 2, 5],
      [0, 1, 1, -1],
    );
    const threshold = tuneNoveltyThreshold(n);
    // sigmoid(-1)=0.27 (No), sigmoid(-0.5)=0.38 (Novel), sigmoid(2)=0.88 (Novel)
    expect(threshold).toBeGreaterThanOrEqual(0.27);
    expect(threshold).toBeLessThan(0.38);
  });
});

describe("per-type biases", () => {
  // The type head prefers A by a small margin everywhere, but three of four gold relations are B.
  const pulled = scores(
    [
      [0, 2, 1.8],
      [0, 2, 1.7],
      [0, 2, 1.9],
      [0, 2, 1.2],
      [0, -2, -2.5],
    ],
    [2, 2, 2, 1, 0],
  );

  it("shifts the type decision where held-out labels ask for it, and decide applies the offsets", () => {
    const plain = tuneNoneBias(pulled);
    expect(plain.f1).toBeCloseTo(0.25, 6); // everything typed A: 1 of 4 right
    const tuned = tuneTypeBiases(pulled);
    expect(tuned.f1).toBe(1); // B gets enough offset to win on the first three pairs only
    const decisions = decide(pulled, {
      noneBias: tuned.noneBias,
      noveltyThreshold: 0.5,
      typeBias: tuned.typeBias,
    });
    expect([...decisions.labelIds]).toEqual([2, 2, 2, 1, 0]);
    expect(tuned.typeBias[0]).toBe(0); // None is never offset
  });

  it("keeps zero offsets when the plain rule is already best", () => {
    const clean = scores(
      [
        [0, 2, 1],
        [0, 0.5, 1],
        [0, -3, -4],
      ],
      [1, 2, 0],
    );
    const tuned = tuneTypeBiases(clean);
    expect(tuned.typeBias).toEqual([0, 0, 0]);
    expect(tuned.f1).toBe(1);
  });
});
