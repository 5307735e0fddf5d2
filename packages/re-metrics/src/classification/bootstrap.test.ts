import { describe, expect, it } from "vitest";
import { expectMetricsError } from "../shared/expect-metrics-error.js";
import { classificationBootstrapCI } from "./bootstrap.js";
import { precisionRecallF1 } from "./precision-recall-f1.js";

describe("classificationBootstrapCI", () => {
  const gold = ["A", "B", "None", "A", "B", "None", "A", "A"];
  const pred = ["A", "None", "None", "B", "B", "A", "A", "None"];
  const labels = ["A", "B"];

  it("estimates on all items and brackets the estimate", () => {
    const docs = ["d1", "d1", "d2", "d2", "d3", "d3", "d4", "d4"];
    const ci = classificationBootstrapCI(gold, pred, docs, { labels, seed: 3, iterations: 300 });
    const full = precisionRecallF1(gold, pred, { labels });
    expect(ci.microF1.estimate).toBe(full.micro.f1);
    expect(ci.macroF1.estimate).toBe(full.macro.f1);
    expect(ci.microF1.lower).toBeLessThanOrEqual(full.micro.f1);
    expect(ci.microF1.upper).toBeGreaterThanOrEqual(full.micro.f1);
    expect(ci.microF1.upper).toBeGreaterThan(ci.microF1.lower);
  });

  it("resamples whole documents: one document means no variation at all", () => {
    // Every resample of a single document is that document, so the interval is a point.
    const ci = classificationBootstrapCI(gold, pred, new Array(gold.length).fill("only"), {
      labels,
      iterations: 50,
    });
    expect(ci.macroF1.lower).toBe(ci.macroF1.estimate);
    expect(ci.macroF1.upper).toBe(ci.macroF1.estimate);
    expect(ci.macroF1.standardError).toBeLessThan(1e-12);
  });

  it("refuses document ids that do not match the items", () => {
    expectMetricsError(
      () => classificationBootstrapCI(gold, pred, ["d1"]),
      "LENGTH_MISMATCH",
      "documentIds",
    );
  });
});
