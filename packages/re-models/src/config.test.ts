import { describe, expect, it } from "vitest";
import { modelShape, validateConfig } from "./config.js";

describe("modelShape", () => {
  it("gives the larger size more capacity and rejects unknown sizes", () => {
    expect(modelShape("base").hiddenDim).toBeGreaterThan(modelShape("small").hiddenDim);
    expect(() => modelShape("huge")).toThrow(/expected one of: small, base/);
  });
});

describe("validateConfig", () => {
  const good = {
    ...modelShape("small"),
    vocabSize: 10,
    numEntityTypes: 3,
    numLabels: 3,
    numPairFeatures: 2,
    seed: 1,
  };
  it("accepts a complete config and names the bad field of a broken one", () => {
    expect(validateConfig(good)).toEqual(good);
    const { pairContext: _, betweenContext: __, ...older } = good;
    const filled = validateConfig(older as typeof good); // saved before the options existed
    expect([filled.pairContext, filled.betweenContext]).toEqual([false, false]);
    expect(() => validateConfig({ ...good, vocabSize: 0 })).toThrow(/config.vocabSize/);
    expect(() => validateConfig({ ...good, numLabels: 1 })).toThrow(/numLabels/);
  });
});
