import { MetricsError } from "../shared/errors.js";
import type { Label, Labels } from "../shared/labels.js";
import type { CountScores } from "./f-score.js";
import { formatFixed } from "./format-number.js";
import {
  type PrecisionRecallF1Options,
  type PrecisionRecallF1Result,
  precisionRecallF1,
} from "./precision-recall-f1.js";

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions extends PrecisionRecallF1Options {
  /** Display names for `labels` (same order). */
  targetNames?: readonly string[];
  /** Decimals in text and Markdown (default 2, as sklearn). */
  digits?: number;
}

/** One row of the report (a class or an average). */
export interface ReportRow {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}

/** A report in sklearn's `output_dict` shape, plus text and Markdown renderings. */
export interface ClassificationReport {
  /** sklearn's `classification_report(..., output_dict=True)`, class names as keys. */
  json: Record<string, ReportRow | number>;
  /** sklearn's text table, byte for byte. */
  text: string;
  /** The same table as GitHub-flavoured Markdown. */
  markdown: string;
  /** The numbers behind the report. */
  scores: PrecisionRecallF1Result;
}

const HEADERS = ["precision", "recall", "f1-score", "support"] as const;

/**
 * sklearn's `classification_report`: per-class rows, then `accuracy` (when every label is
 * scored, so micro-F1 equals accuracy) or `micro avg`, `macro avg` and `weighted avg`.
 */
export function classificationReport(
  yTrue: Labels,
  yPred: Labels,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const scores = precisionRecallF1(yTrue, yPred, options);
  if (options.targetNames !== undefined && options.targetNames.length !== scores.labels.length) {
    throw new MetricsError(
      "INVALID_OPTION",
      "options.targetNames",
      `has ${options.targetNames.length} names for ${scores.labels.length} labels`,
    );
  }
  const digits = options.digits ?? 2;
  const names = scores.labels.map((label, i) => options.targetNames?.[i] ?? String(label));
  const present = new Set<Label>([...Array.from(yTrue), ...Array.from(yPred)]);
  const scoredLabels = new Set(scores.labels);
  const microIsAccuracy = [...present].every((label) => scoredLabels.has(label));
  const totalSupport = scores.perClass.reduce((sum, c) => sum + c.support, 0);

  const rows: [string, ReportRow][] = scores.perClass.map((c, i) => [
    names[i]!,
    { precision: c.precision, recall: c.recall, "f1-score": c.f1, support: c.support },
  ]);
  const averages: [string, CountScores][] = [
    [microIsAccuracy ? "accuracy" : "micro avg", scores.micro],
    ["macro avg", scores.macro],
    ["weighted avg", scores.weighted],
  ];
  const averageRows: [string, ReportRow][] = averages.map(([name, s]) => [
    name,
    { precision: s.precision, recall: s.recall, "f1-score": s.f1, support: totalSupport },
  ]);

  const json: Record<string, ReportRow | number> = {};
  for (const [name, row] of [...rows, ...averageRows]) json[name] = row;
  if (microIsAccuracy) json.accuracy = (json.accuracy as ReportRow).precision;

  return {
    json,
    text: renderText(rows, averageRows, digits),
    markdown: renderMarkdown(rows, averageRows, digits),
    scores,
  };
}

function renderText(rows: [string, ReportRow][], averages: [string, ReportRow][], digits: number) {
  const width = Math.max(...rows.map(([n]) => n.length), "weighted avg".length, digits);
  const cell = (s: string) => ` ${s.padStart(9)}`;
  const number = (v: number) => cell(formatFixed(v, digits));
  let report = "".padStart(width) + " " + HEADERS.map(cell).join("") + "\n\n";
  const line = ([name, r]: [string, ReportRow]) =>
    name.padStart(width) +
    " " +
    number(r.precision) +
    number(r.recall) +
    number(r["f1-score"]) +
    cell(String(r.support)) +
    "\n";
  for (const row of rows) report += line(row);
  report += "\n";
  for (const [name, r] of averages) {
    if (name === "accuracy") {
      report +=
        name.padStart(width) +
        " " +
        cell("") +
        cell("") +
        number(r["f1-score"]) +
        cell(String(r.support)) +
        "\n";
    } else {
      report += line([name, r]);
    }
  }
  return report;
}

function renderMarkdown(
  rows: [string, ReportRow][],
  averages: [string, ReportRow][],
  digits: number,
): string {
  const escapeCell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    "| label | precision | recall | f1-score | support |",
    "|---|---:|---:|---:|---:|",
  ];
  for (const [name, r] of [...rows, ...averages]) {
    const blank = name === "accuracy";
    const p = blank ? "" : formatFixed(r.precision, digits);
    const rc = blank ? "" : formatFixed(r.recall, digits);
    lines.push(
      `| ${escapeCell(name)} | ${p} | ${rc} | ${formatFixed(r["f1-score"], digits)} | ${r.support} |`,
    );
  }
  return lines.join("\n") + "\n";
}
