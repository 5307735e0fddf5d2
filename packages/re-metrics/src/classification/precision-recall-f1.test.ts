import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { precisionRecallF1 } from "./precision-recall-f1.js";

describe("precisionRecallF1", () => {
  // sklearn's documented example: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
  const yTrue = [0, 1, 2, 2, 2];
  const yPred = [0, 0, 2, 2, 1];

  it("computes per-class scores and the three averages", () => {
    const r = precisionRecallF1(yTrue, yPred);
    expect(r.labels).toEqual([0, 1, 2]);
    // class 0: tp=1, predicted 2, gold 1 -> P=1/2, R=1/1, F1=2·1/(1+2)=2/3
    // class 1: tp=0, predicted 1, gold 1 -> P=0, R=0, F1=0
    // class 2: tp=2, predicted 2, gold 3 -> P=1, R=2/3, F1=4/(3+2)=0.8
    expect(r.perClass.map((c) => c.precision)).toEqual([0.5, 0, 1]);
    expect(r.perClass[0]!.recall).toBe(1);
    expect(r.perClass[2]!.recall).toBeCloseTo(2 / 3, 15);
    expect(r.perClass[0]!.f1).toBeCloseTo(2 / 3, 15);
    expect(r.perClass[2]!.f1).toBeCloseTo(0.8, 15);
    expect(r.perClass.map((c) => c.support)).toEqual([1, 1, 3]);
    // micro: tp=3 of 5 predicted and 5 gold -> 0.6 everywhere (= accuracy)
    expect(r.micro).toMatchObject({ precision: 0.6, recall: 0.6, tp: 3, fp: 2, fn: 2 });
    expect(r.micro.f1).toBeCloseTo(0.6, 15);
    expect(r.accuracy).toBe(0.6);
    // macro: P=(0.5+0+1)/3=0.5, R=(1+0+2/3)/3=5/9, F1=(2/3+0+0.8)/3=22/45
    expect(r.macro.precision).toBeCloseTo(0.5, 15);
    expect(r.macro.recall).toBeCloseTo(5 / 9, 15);
    expect(r.macro.f1).toBeCloseTo(22 / 45, 15);
    // weighted by support 1,1,3: P=(0.5+0+3)/5=0.7, R=(1+0+2)/5=0.6, F1=(2/3+0+0.8·3)/5=(46/15)/5=46/75
    expect(r.weighted.precision).toBeCloseTo(0.7, 15);
    expect(r.weighted.recall).toBeCloseTo(0.6, 15);
    expect(r.weighted.f1).toBeCloseTo(46 / 75, 15);
  });

  it("leaves the negative class out of micro averaging when `labels` omits it", () => {
    // RE setting: None is the negative class.
    const gold = ["None", "None", "Bind", "Assoc", "Assoc", "None"];
    const pred = ["None", "Assoc", "Bind", "Assoc", "None", "None"];
    const r = precisionRecallF1(gold, pred, { labels: ["Assoc", "Bind"] });
    // Assoc: tp=1 (item 3), predicted 2 (items 1, 3), gold 2 (items 3, 4)
    // Bind:  tp=1, predicted 1, gold 1
    // micro over {Assoc, Bind}: tp=2, predicted 3, gold 3 -> P=R=F1=2/3
    expect(r.micro.tp).toBe(2);
    expect(r.micro.fp).toBe(1);
    expect(r.micro.fn).toBe(1);
    expect(r.micro.f1).toBeCloseTo(2 / 3, 15);
    // accuracy still counts every item: 4 of 6 agree
    expect(r.accuracy).toBeCloseTo(4 / 6, 15);
    expect(r.perClass.map((c) => c.label)).toEqual(["Assoc", "Bind"]);
  });

  it("applies zeroDivision to a class that is never predicted or never gold", () => {
    // class 1 never predicted, class 2 never gold
    const gold = [0, 0, 1];
    const pred = [0, 2, 0];
    const zero = precisionRecallF1(gold, pred);
    // class 0: tp=1, predicted 2, gold 2 -> 1/2, 1/2, 1/2
    // class 1: predicted 0 -> P=0/0=zeroDivision, R=0/1=0, F1=0/(0+1)=0
    // class 2: gold 0 -> P=0/1=0, R=0/0=zeroDivision, F1=0/(1+0)=0
    expect(zero.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(zero.perClass[2]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0 });
    const one = precisionRecallF1(gold, pred, { zeroDivision: 1 });
    expect(one.perClass[1]).toMatchObject({ precision: 1, recall: 0, f1: 0 });
    expect(one.perClass[2]).toMatchObject({ precision: 0, recall: 1, f1: 0 });
    // macro P with zeroDivision=1: (0.5 + 1 + 0)/3 = 0.5
    expect(one.macro.precision).toBeCloseTo(0.5, 15);
    const nan = precisionRecallF1(gold, pred, { zeroDivision: Number.NaN });
    expect(Number.isNaN(nan.perClass[1]!.precision)).toBe(true);
    // NaN is left out of the average: (0.5 + 0)/2 = 0.25
    expect(nan.macro.precision).toBeCloseTo(0.25, 15);
    // weighted recall leaves out class 2's NaN: (0.5·2 + 0·1)/3 = 1/3
    expect(nan.weighted.recall).toBeCloseTo(1 / 3, 15);
  });

  it("handles a label list whose classes are absent from the data", () => {
    // sklearn's documented report example: y_true=[1,1,1], y_pred=[1,1,0], labels=[1,2,3]
    const r = precisionRecallF1([1, 1, 1], [1, 1, 0], { labels: [1, 2, 3] });
    // micro over {1,2,3}: tp=2, predicted 2 (the 0 is outside the labels), gold 3
    expect(r.micro.precision).toBe(1);
    expect(r.micro.recall).toBeCloseTo(2 / 3, 15);
    // weighted: only class 1 has support -> its scores
    expect(r.weighted.precision).toBe(1);
    expect(r.weighted.f1).toBeCloseTo(0.8, 15);
    // macro F1: (0.8 + 0 + 0)/3
    expect(r.macro.f1).toBeCloseTo(0.8 / 3, 15);
  });

  it("uses the unweighted mean when no scored class has support (sklearn >= 1.3)", () => {
    // labels=[2]: gold never 2, predicted 2 once -> P=0/1=0, R=0/0=zeroDivision(1), F1=0
    const r = precisionRecallF1([1, 1], [2, 1], { labels: [2], zeroDivision: 1 });
    expect(r.weighted).toEqual({ precision: 0, recall: 1, f1: 0 });
  });

  it("returns zeroDivision micro scores and NaN macro scores on empty input", () => {
    const r = precisionRecallF1([], []);
    expect(r.labels).toEqual([]);
    expect(r.micro).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(Number.isNaN(r.macro.f1)).toBe(true);
    expect(r.accuracy).toBe(0);
  });

  it("sorts string labels and accepts typed arrays", () => {
    expect(precisionRecallF1(["b", "a"], ["a", "c"]).labels).toEqual(["a", "b", "c"]);
    const r = precisionRecallF1(Int32Array.from([10, 2, 2]), Int32Array.from([2, 2, 2]));
    expect(r.labels).toEqual([2, 10]);
    expect(r.perClass[0]!.precision).toBeCloseTo(2 / 3, 15);
  });

  it("refuses bad input with a code naming the argument", () => {
    expectMetricsError(() => precisionRecallF1([1, 2], [1]), "LENGTH_MISMATCH", "yPred");
    expectMetricsError(() => precisionRecallF1([1, "a"], [1, 1]), "MIXED_LABEL_TYPES", "yTrue");
    expectMetricsError(() => precisionRecallF1([1, 2], ["a", "b"]), "MIXED_LABEL_TYPES", "yPred");
    expectMetricsError(() => precisionRecallF1([1, Number.NaN], [1, 1]), "INVALID_LABEL", "yTrue");
    expectMetricsError(
      () => precisionRecallF1([1], [1], { labels: [1, 1] }),
      "DUPLICATE_LABEL",
      "options.labels",
    );
    expectMetricsError(
      () => precisionRecallF1([1], [1], { labels: ["1"] }),
      "MIXED_LABEL_TYPES",
      "options.labels",
    );
    expectMetricsError(
      () => precisionRecallF1([1], [1], { zeroDivision: 0.5 }),
      "INVALID_OPTION",
      "options.zeroDivision",
    );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong input
    expectMetricsError(() => precisionRecallF1([null as any], [1]), "INVALID_LABEL", "yTrue");
  });

  it("keeps every F1 between the smaller and larger of P and R (property)", () => {
    const labels = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(labels, labels, (a, b) => {
        const n = Math.min(a.length, b.length);
        const r = precisionRecallF1(a.slice(0, n), b.slice(0, n));
        for (const s of [...r.perClass, r.micro]) {
          expect(s.f1).toBeGreaterThanOrEqual(Math.min(s.precision, s.recall) - 1e-12);
          expect(s.f1).toBeLessThanOrEqual(Math.max(s.precision, s.recall) + 1e-12);
        }
        // micro-F1 over all labels equals accuracy for single-label data
        expect(r.micro.f1).toBeCloseTo(r.accuracy, 12);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
