import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { sampleReport } from "./testing/sample-report.js";
import { writeReport } from "./write-report.js";

/** Debian's chromium, installed by scripts/setup-system.sh; CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const present = existsSync(CHROMIUM);
const mustRun = process.env.REQUIRE_DATA === "1";
if (!present && !mustRun) {
  console.warn(
    `[skip] report test in Chromium: ${CHROMIUM} not found (run scripts/setup-system.sh)`,
  );
}

describe.skipIf(!present && !mustRun)("report in headless Chromium", () => {
  it("opens with no console errors and every chart drawn", async () => {
    if (!present)
      throw new Error(`${CHROMIUM} not found; REQUIRE_DATA=1 so the report test must run`);
    const dir = mkdtempSync(join(tmpdir(), "biore-report-html-"));
    const files = writeReport(dir, sampleReport(7));
    const profile = mkdtempSync(join(tmpdir(), "biore-chromium-profile-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page: ${e.message}`));
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(files.html).toString(), { waitUntil: "load" });

      const charts = await page.$$eval("figure.chart", (figures) =>
        figures.map((fig) => {
          const svg = fig.querySelector("svg");
          const box = svg?.getBoundingClientRect();
          const marks = svg ? [...svg.querySelectorAll("rect, circle, path")] : [];
          const drawn = marks.filter((m) => {
            // getBBox exists on SVG shapes; the DOM lib is not in this package's types.
            const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return b.width > 0 && b.height > 0;
          });
          return {
            id: fig.id,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            marks: marks.length,
            drawn: drawn.length,
          };
        }),
      );
      expect(problems).toEqual([]);
      expect(requests.every((u) => u.startsWith("file:"))).toBe(true);
      expect(charts.map((c) => c.id).sort()).toEqual(
        [
          "confusion-baseline",
          "confusion-hnm",
          "learning-loss",
          "learning-val-f1",
          "per-type-f1",
          "projection-baseline",
          "projection-hnm",
        ].sort(),
      );
      for (const chart of charts) {
        expect(chart.width, chart.id).toBeGreaterThan(100);
        expect(chart.height, chart.id).toBeGreaterThan(100);
        expect(chart.drawn, chart.id).toBeGreaterThan(3);
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
