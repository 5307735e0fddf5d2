import { describe, expect, it } from "vitest";
import { classificationReport } from "./classification-report.js";
import { confusionMatrix } from "./confusion-matrix.js";
import { formatFixed } from "./format-number.js";
import { expectMetricsError } from "../shared/expect-metrics-error.js";

describe("classificationReport", () => {
  it("prints sklearn's documented text report byte for byte", () => {
    // Per-class numbers as derived in precision-recall-f1.test.ts for this input:
    // class 0: 1/2, 1, 2/3; class 1: 0, 0, 0; class 2: 1, 2/3, 4/5
    // accuracy 3/5; macro 1/2, 5/9, 22/45; weighted 7/10, 3/5, 46/75
    const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], {
      targetNames: ["class 0", "class 1", "class 2"],
    });
    expect(report.text).toBe(
      [
        "              precision    recall  f1-score   support",
        "",
        "     class 0       0.50      1.00      0.67         1",
        "     class 1       0.00      0.00      0.00         1",
        "     class 2       1.00      0.67      0.80         3",
        "",
        "    accuracy                           0.60         5",
        "   macro avg       0.50      0.56      0.49         5",
        "weighted avg       0.70      0.60      0.61         5",
        "",
      ].join("\n"),
    );
    expect(report.json.accuracy).toBe(0.6);
    expect(report.json["class 2"]).toMatchObject({ precision: 1, support: 3 });
    expect(report.markdown).toContain("| class 0 | 0.50 | 1.00 | 0.67 | 1 |");
    expect(report.markdown).toContain("| accuracy |  |  | 0.60 | 5 |");
  });

  it("shows `micro avg` instead of accuracy when labels leave classes out", () => {
    // sklearn's documented example: y_true=[1,1,1], y_pred=[1,1,0], labels=[1,2,3]
    // class 1: P=2/2, R=2/3, F1=4/5; classes 2 and 3: no support, nothing predicted -> 0
    // micro: tp=2 of 2 predicted in labels, 3 gold -> 1, 2/3, 4/5
    // macro: 1/3, 2/9, 4/15; weighted (support 3,0,0) = class 1's row
    const report = classificationReport([1, 1, 1], [1, 1, 0], { labels: [1, 2, 3] });
    expect(report.text).toBe(
      [
        "              precision    recall  f1-score   support",
        "",
        "           1       1.00      0.67      0.80         3",
        "           2       0.00      0.00      0.00         0",
        "           3       0.00      0.00      0.00         0",
        "",
        "   micro avg       1.00      0.67      0.80         3",
        "   macro avg       0.33      0.22      0.27         3",
        "weighted avg       1.00      0.67      0.80         3",
        "",
      ].join("\n"),
    );
    expect(report.json["micro avg"]).toMatchObject({ precision: 1 });
    expect(report.json.accuracy).toBeUndefined();
  });

  it("widens the name column for long labels and honours digits", () => {
    const report = classificationReport(["Positive_Correlation"], ["Positive_Correlation"], {
      digits: 3,
    });
    expect(report.text.split("\n")[2]).toBe(
      "Positive_Correlation      1.000     1.000     1.000         1",
    );
  });
});

describe("formatFixed", () => {
  it("rounds exact ties to even like Python and everything else to nearest", () => {
    // 0.125 and 0.375 are exact binary fractions (1/8, 3/8): ties -> even digit
    expect(formatFixed(0.125, 2)).toBe("0.12");
    expect(formatFixed(0.375, 2)).toBe("0.38");
    expect(formatFixed(0.625, 2)).toBe("0.62");
    // 0.005 is stored as 0.005000000000000000104…, above the tie -> up
    expect(formatFixed(0.005, 2)).toBe("0.01");
    expect(formatFixed(2 / 3, 2)).toBe("0.67");
    expect(formatFixed(1, 2)).toBe("1.00");
    expect(formatFixed(Number.NaN, 2)).toBe("nan");
  });
});

describe("confusionMatrix", () => {
  it("counts gold rows against predicted columns (sklearn's example)", () => {
    const y = ["cat", "ant", "cat", "cat", "ant", "bird"];
    const p = ["ant", "ant", "cat", "cat", "ant", "cat"];
    // ant: 2 -> ant; bird: 1 -> cat; cat: 1 -> ant, 2 -> cat
    expect(confusionMatrix(y, p)).toEqual({
      labels: ["ant", "bird", "cat"],
      matrix: [
        [2, 0, 0],
        [0, 0, 1],
        [1, 0, 2],
      ],
    });
  });

  it("selects and reorders with labels, dropping items outside them", () => {
    const m = confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], { labels: [2, 0] });
    // only items with gold and prediction in {2, 0}: (2,0), (0,0), (2,2), (2,2), (0,0)
    expect(m.matrix).toEqual([
      [2, 1],
      [0, 2],
    ]);
  });

  it("normalizes rows, columns or all, turning 0/0 into 0", () => {
    const y = [0, 0, 1];
    const p = [0, 1, 1];
    // counts [[1,1],[0,1]]
    expect(confusionMatrix(y, p, { normalize: "true" }).matrix).toEqual([
      [0.5, 0.5],
      [0, 1],
    ]);
    expect(confusionMatrix(y, p, { normalize: "pred" }).matrix).toEqual([
      [1, 0.5],
      [0, 0.5],
    ]);
    expect(confusionMatrix(y, p, { normalize: "all" }).matrix[0]![0]).toBeCloseTo(1 / 3, 15);
    // labels [0, 5]: only (0,0) survives (items predicted 1 are dropped), so row 0 is
    // [1, 0] / 1; label 5 is absent, its row sum is 0 -> 0, not NaN
    expect(confusionMatrix(y, p, { labels: [0, 5], normalize: "true" }).matrix).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });
});

describe("report and matrix argument checks", () => {
  it("refuses target names that do not match the labels, and labels absent from gold", () => {
    expectMetricsError(
      () => classificationReport([0, 1], [0, 1], { targetNames: ["only one"] }),
      "INVALID_OPTION",
      "options.targetNames",
    );
    expectMetricsError(
      () => confusionMatrix([0, 1], [0, 1], { labels: [7] }),
      "INVALID_OPTION",
      "options.labels",
    );
    // empty gold with labels: an all-zero matrix of that size, as sklearn
    expect(confusionMatrix([], [], { labels: [1, 2] }).matrix).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
