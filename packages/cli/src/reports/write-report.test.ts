import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleReport } from "./testing/sample-report.js";
import { writeReport } from "./write-report.js";

describe("writeReport", () => {
  const dir = mkdtempSync(join(tmpdir(), "biore-report-"));
  const report = sampleReport();
  const files = writeReport(dir, report);

  it("results.json round-trips the report", () => {
    expect(JSON.parse(readFileSync(files.json, "utf8"))).toEqual(report);
  });

  it("results.md has the comparison table with CIs and p-values, and per-type rows", () => {
    const md = readFileSync(files.markdown, "utf8");
    expect(md).toMatch(
      /\| entity pair \| 0\.500 \[0\.450, 0\.550\] \| 0\.520 \[0\.470, 0\.570\] \| \+0\.020 \[-0\.010, \+0\.050\] \| 0\.200 \|/,
    );
    expect(md).toMatch(/\| Bind \|/);
    expect(md).toMatch(/evaluated on the \*\*dev\*\* split/);
  });

  it("index.html is self-contained: every chart inline, no scripts or external URLs", () => {
    const html = readFileSync(files.html, "utf8");
    for (const id of [
      "learning-loss",
      "learning-val-f1",
      "per-type-f1",
      "confusion-baseline",
      "confusion-hnm",
      "projection-baseline",
      "projection-hnm",
    ]) {
      expect(html).toContain(`data-chart="${id}"`);
    }
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("PCA (top 2 principal components)");
  });
});
