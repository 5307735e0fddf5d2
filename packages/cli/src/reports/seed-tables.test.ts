import { describe, expect, it } from "vitest";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { seedReport, THREE_SEEDS } from "./testing/seed-report.js";

describe("results.md and index.html over several seeds", () => {
  const report = seedReport(THREE_SEEDS, 3);
  const md = renderMarkdown(report);
  const html = renderHtml(report);

  it("per-type F1 is the seed mean with its min–max, support and HNM − baseline", () => {
    expect(md).toContain(
      "Mean over 3 seeds (each seed an ensemble of 3 models); in parentheses the lowest and highest seed.",
    );
    expect(md).toContain(
      "| relation type | support | baseline F1 mean (min–max) | HNM F1 mean (min–max) | HNM − baseline |",
    );
    expect(md).toContain("| A | 10 | 0.600 (0.500–0.700) | 0.700 (0.600–0.800) | +0.100 |");
    expect(md).toContain(
      "| B | 4 | 0.300 (0.200–0.400) [2 of 3 seeds] | 0.400 (0.300–0.600) | +0.100 |",
    );
    expect(md).toContain("| C | 2 | – | 0.300 (0.100–0.500) | – |");
  });

  it("embedding summary sits above the per-run rows, per space, with HNM − baseline", () => {
    const summary = [
      "| space | model | ARI | NMI | precision@1 | MAP@R |",
      "| --- | --- | --- | --- | --- | --- |",
      "| pair embedding | baseline | 0.200 | 0.300 | 0.600 | 0.400 |",
      "| pair embedding | HNM | 0.400 | 0.500 | 0.700 | 0.600 |",
      "| pair embedding | HNM − baseline | +0.200 | +0.200 | +0.100 | +0.200 |",
      "| projection | baseline | 0.100 | 0.200 | 0.500 | 0.300 |",
    ].join("\n");
    expect(md).toContain(`${summary}\n\nPer run:`);
    expect(md).toContain("| hnm | 3 | pair embedding | 30 | 3 | 0.500 | 0.600 | 0.800 | 0.700 |");
    expect(md.indexOf(summary)).toBeLessThan(md.indexOf("| baseline | 1 | pair embedding |"));
    expect(md).not.toContain("first seed");
  });

  it("the HTML chart shows seed means with whiskers, and the same tables", () => {
    expect(html).toContain("F1 per relation type (dev, mean of 3 seeds)");
    expect(html).toContain("<title>hnm A: 0.700 (0.600–0.800)</title>");
    expect(html).toMatch(/class="whisker"/);
    expect(html).toContain("<td>0.600 (0.500–0.700)</td><td>0.700 (0.600–0.800)</td>");
    expect(html).toContain("<td>pair embedding</td><td>HNM − baseline</td><td>+0.200</td>");
  });
});

describe("results.md and index.html with one seed", () => {
  const report = seedReport(THREE_SEEDS.slice(0, 2));
  const md = renderMarkdown(report);
  const html = renderHtml(report);

  it("says 1 seed and shows no spread", () => {
    expect(md).toContain("Mean over 1 seed; no spread with one seed.");
    expect(md).toContain("| relation type | support | baseline F1 | HNM F1 | HNM − baseline |");
    expect(md).toContain("| A | 10 | 0.500 | 0.600 | +0.100 |");
    expect(md).toContain("| C | 2 | – | 0.500 | – |");
    expect(html).toContain("F1 per relation type (dev, mean of 1 seed)");
    expect(html).not.toMatch(/class="whisker"/);
  });

  it("a missing projection leaves that space's HNM and difference rows out", () => {
    expect(md).toContain("| projection | baseline | 0.000 | 0.100 | 0.400 | 0.200 |");
    expect(md).not.toMatch(/\| projection \| (HNM|HNM − baseline) \|/);
    expect(md).not.toMatch(/\| hnm \| 1 \| projection \|/);
  });
});
