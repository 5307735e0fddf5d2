import { describe, expect, it } from "vitest";
import type { PairScores } from "../model/relation-model.js";
import { MASKED_LOGIT } from "../model/type-mask.js";
import { typeMargins } from "../inference/decision.js";
import { fuseTyperScores } from "./fusion.js";
import type { TyperInputs } from "./inputs.js";
import { LinearTyper } from "./linear-typer.js";
import { FeatureIndex } from "./softmax-regression.js";

// A hand-set typer over labels None, A, B, C: feature "a" votes for A, "b" for B.
const labels = ["None", "A", "B", "C"];
const index = FeatureIndex.frozenFrom(["bias", "a", "b"]);
const weights = Float64Array.from([0, 0, 0, 3, 0, 0, 0, 3, 0]);
const counts = new Map([["X|Y", Float64Array.from([6, 2, 1])]]);
const typer = new LinearTyper(
  labels,
  index,
  { numFeatures: 3, numClasses: 3, weights },
  counts,
  1e-3,
  { typedWords: false, sentenceWords: false },
);
const inputs: TyperInputs = {
  features: [
    ["bias", "a"],
    ["bias", "b"],
  ],
  typePairs: ["X|Y", "X|Y"],
  labelIds: Int32Array.from([1, 2]),
  options: { typedWords: false, sentenceWords: false },
};
// pair 0: the network prefers B; pair 1: it prefers A, with C masked
const scores: PairScores = {
  numPairs: 2,
  numLabels: 4,
  relationLogits: Float32Array.from([1, 0.5, 1.5, 0, 2, 1, 0.2, MASKED_LOGIT]),
  noveltyLogits: Float32Array.from([0.3, -0.3]),
  embeddingDim: 0,
  labelIds: inputs.labelIds,
  novelIds: Int32Array.from([1, 0]),
};

describe("fuseTyperScores", () => {
  it("adds w x log p_typer to the allowed type logits; None and masked types stay", () => {
    const fused = fuseTyperScores(scores, typer, inputs, { weight: 1 });
    const open = new Uint8Array([1, 1, 1]);
    const p0 = typer.logProbabilities(inputs.features[0]!, "X|Y", open);
    for (let k = 1; k < 4; k++)
      expect(fused.relationLogits[k]).toBeCloseTo(
        (scores.relationLogits[k] as number) + p0[k - 1]!,
        5,
      );
    expect(fused.relationLogits[0]).toBe(1);
    expect(fused.relationLogits[4]).toBe(2);
    expect(fused.relationLogits[7]).toBe(MASKED_LOGIT);
    expect(typeMargins(fused).bestType[0]).toBe(1); // the typer's A overrides the network's B
    expect(fused.noveltyLogits).toEqual(scores.noveltyLogits);
    expect(scores.relationLogits[1]).toBe(0.5); // the input is not changed
  });

  it("at weight 0 returns the network's scores", () => {
    expect(fuseTyperScores(scores, typer, inputs, { weight: 0 }).relationLogits).toEqual(
      scores.relationLogits,
    );
  });

  it("types-only keeps every pair's margin over None and lets the typer pick the type", () => {
    const fused = fuseTyperScores(scores, typer, inputs, { weight: 2, typesOnly: true });
    const before = typeMargins(scores);
    const after = typeMargins(fused);
    expect(after.margin[0]).toBeCloseTo(before.margin[0]!, 5);
    expect(after.margin[1]).toBeCloseTo(before.margin[1]!, 5);
    expect([...after.bestType]).toEqual([1, 2]);
  });

  it("evidence subtracts the entity-type pair's log prior of each type", () => {
    const fused = fuseTyperScores(scores, typer, inputs, { weight: 1, evidence: true });
    const open = new Uint8Array([1, 1, 1]);
    const term =
      typer.logProbabilities(inputs.features[0]!, "X|Y", open)[2]! -
      typer.logPrior("X|Y", open)[2]!;
    expect(fused.relationLogits[3]).toBeCloseTo(0 + term, 5);
  });

  it("refuses inputs of other pairs or feature groups, and a negative weight", () => {
    const short = { ...inputs, features: [["a"]], typePairs: ["X|Y"] };
    expect(() => fuseTyperScores(scores, typer, short, { weight: 1 })).toThrow(/1 pairs/);
    const other = { ...inputs, options: { typedWords: true, sentenceWords: false } };
    expect(() => fuseTyperScores(scores, typer, other, { weight: 1 })).toThrow(/feature groups/);
    expect(() => fuseTyperScores(scores, typer, inputs, { weight: -1 })).toThrow(/>= 0/);
  });
});
