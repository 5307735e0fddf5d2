import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import type { CompareReport } from "./types.js";

/** Paths of the three files a report consists of. */
export interface ReportFiles {
  json: string;
  markdown: string;
  html: string;
}

/** Writes results.json, results.md and index.html into `dir`. */
export function writeReport(dir: string, report: CompareReport): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, "results.json"),
    markdown: join(dir, "results.md"),
    html: join(dir, "index.html"),
  };
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.markdown, renderMarkdown(report));
  writeFileSync(files.html, renderHtml(report));
  return files;
}
