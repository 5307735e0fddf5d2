import { describe, expect, it } from "vitest";
import {
  FeatureIndex,
  type SparseExample,
  fitSoftmaxRegression,
  logProbabilities,
  softmaxObjective,
} from "./softmax-regression.js";

/** A seeded stream of numbers in [0, 1) (tests only). */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Noisy 3-class data over 12 sparse features; class 2 is not allowed for every example. */
function syntheticExamples(n: number, seed: number): SparseExample[] {
  const next = uniform(seed);
  return Array.from({ length: n }, () => {
    const label = Math.floor(next() * 3);
    const features = new Set<number>([label * 3 + Math.floor(next() * 3)]);
    if (next() < 0.4) features.add(9 + Math.floor(next() * 3)); // noise shared by all classes
    const restricted = label !== 2 && next() < 0.3;
    return {
      features: Int32Array.from(features),
      label,
      allowed: restricted ? Uint8Array.from([1, 1, 0]) : null,
    };
  });
}

describe("softmax regression (L-BFGS)", () => {
  const examples = syntheticExamples(200, 7);

  it("has an analytic gradient that matches central differences", () => {
    const next = uniform(3);
    const model = { numFeatures: 12, numClasses: 3, weights: new Float64Array(36) };
    for (let i = 0; i < 36; i++) model.weights[i] = next() - 0.5;
    const grad = new Float64Array(36);
    softmaxObjective(examples, model, 0.01, grad);
    const h = 1e-6;
    for (const i of [0, 5, 17, 30, 35]) {
      const w = model.weights[i] as number;
      model.weights[i] = w + h;
      const up = softmaxObjective(examples, model, 0.01, new Float64Array(36));
      model.weights[i] = w - h;
      const down = softmaxObjective(examples, model, 0.01, new Float64Array(36));
      model.weights[i] = w;
      expect(grad[i]).toBeCloseTo((up - down) / (2 * h), 6);
    }
  });

  it("stops at the optimum: the objective's gradient vanishes at the returned weights", () => {
    const fitted = fitSoftmaxRegression(examples, 12, 3, { l2: 0.01 });
    const grad = new Float64Array(36);
    const loss = softmaxObjective(examples, fitted, 0.01, grad);
    expect(loss).toBeCloseTo(fitted.loss, 12);
    expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-5);
    // and it learned the signal: each class's own features point to it
    const logp = logProbabilities(fitted, Int32Array.from([4]), null);
    expect(logp.indexOf(Math.max(...logp))).toBe(1);
  });

  it("restricts the softmax to the allowed classes", () => {
    const fitted = fitSoftmaxRegression(examples, 12, 3, { l2: 0.01 });
    const logp = logProbabilities(fitted, Int32Array.from([7]), Uint8Array.from([1, 1, 0]));
    expect(logp[2]).toBe(Number.NEGATIVE_INFINITY);
    expect(Math.exp(logp[0] as number) + Math.exp(logp[1] as number)).toBeCloseTo(1, 12);
  });

  it("indexes feature names in first-seen order and drops unseen ones once frozen", () => {
    const index = new FeatureIndex();
    expect([...index.encode(["b", "a", "b"])]).toEqual([0, 1, 0]);
    index.freeze();
    expect([...index.encode(["c", "a"])]).toEqual([1]);
    const copy = FeatureIndex.frozenFrom(index.names());
    expect(copy.names()).toEqual(["b", "a"]);
    expect([...copy.encode(["a", "z", "b"])]).toEqual([1, 0]);
    expect(() => FeatureIndex.frozenFrom(["a", "a"])).toThrow(/twice/);
  });
});
