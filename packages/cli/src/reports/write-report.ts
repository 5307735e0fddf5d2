import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "@biore/bioc-io";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import type { CompareReport } from "./types.js";

/** Paths of the three files a report consists of. */
export interface ReportFiles {
  json: string;
  markdown: string;
  html: string;
}

/** Writes results.json, results.md and index.html into `dir` (each atomically: whole or not at all). */
export function writeReport(dir: string, report: CompareReport): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, "results.json"),
    markdown: join(dir, "results.md"),
    html: join(dir, "index.html"),
  };
  writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(files.markdown, renderMarkdown(report));
  writeFileAtomic(files.html, renderHtml(report));
  return files;
}
