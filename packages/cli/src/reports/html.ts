import { fixed3 } from "./format.js";
import { comparisonRows } from "./comparison-table.js";
import { firstRunOf } from "./markdown.js";
import { groupedBarChart } from "./svg/bar-chart.js";
import { escapeXml } from "./svg/escape.js";
import { confusionHeatmap } from "./svg/heatmap.js";
import { type LineSeries, lineChart } from "./svg/line-chart.js";
import { MODEL_COLORS } from "./svg/palette.js";
import { scatterPlot } from "./svg/scatter.js";
import { MODEL_KINDS, perTypeMeans, seedCountText, seedCounts } from "./seed-means.js";
import {
  embeddingRunsTable,
  embeddingSummaryTable,
  perTypeTable,
  seedMeansNote,
} from "./seed-tables.js";
import type { CompareReport, RunReport } from "./types.js";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}th,td{padding:4px 10px;border-bottom:1px solid #eee;text-align:left}
th{background:#f6f6f6}.charts{display:flex;flex-wrap:wrap;gap:16px}
figure.chart{margin:0;border:1px solid #eee;padding:6px;background:#fff}figcaption{font-size:12px;color:#555;max-width:600px}
.chart-title{font-weight:600;font-size:13px}.tick,.legend{font-size:11px;fill:#444}.axis-label{font-size:12px;fill:#333}
.grid{stroke:#eee}.axis{stroke:#888}.cell{font-size:10px;fill:#222}.cell.on-dark{fill:#fff}
`;

function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" id="${id}" data-chart="${id}">${svg}<figcaption>${escapeXml(caption)}</figcaption></figure>`;
}

function learningCurves(report: CompareReport): string {
  const series = (pick: (e: RunReport["history"][number]) => number | undefined): LineSeries[] =>
    report.runs.map((run) => ({
      name: `${run.model} seed ${run.seed}`,
      color: MODEL_COLORS[run.model] ?? "#555",
      dashed: run.seed !== report.settings.seeds[0],
      points: run.history
        .map((e) => [e.epoch, pick(e)] as [number, number | undefined])
        .filter((p): p is [number, number] => p[1] !== undefined && Number.isFinite(p[1])),
    }));
  return [
    figure(
      "learning-loss",
      lineChart({
        title: "Training loss",
        xLabel: "epoch",
        yLabel: "loss",
        series: series((e) => e.loss),
      }),
      "Mean training loss per epoch (HNM's includes its contrastive term).",
    ),
    figure(
      "learning-val-f1",
      lineChart({
        title: "Validation F1 (held-out slice of Train)",
        xLabel: "epoch",
        yLabel: "micro-F1",
        series: series((e) => e.valF1),
      }),
      "F1 on the held-out part of Train used for model selection; the evaluation split is never used here.",
    ),
  ].join("");
}

function perTypeBars(report: CompareReport): string {
  const types = perTypeMeans(report);
  const counts = seedCounts(report);
  const models = MODEL_KINDS.filter((m) => counts[m] > 0);
  return figure(
    "per-type-f1",
    groupedBarChart({
      title: `F1 per relation type (${report.data.evalSplit}, mean of ${seedCountText(report)})`,
      yLabel: "F1",
      yMax: 1,
      categories: types.map((t) => t.label),
      groups: models.map((m) => ({
        name: m,
        color: MODEL_COLORS[m]!,
        values: types.map((t) => t.f1[m]?.mean ?? 0),
        ...(counts[m] > 1
          ? {
              ranges: types.map((t) => {
                const s = t.f1[m];
                return s && s.seeds > 1 ? ([s.min, s.max] as [number, number]) : undefined;
              }),
            }
          : {}),
      })),
    }),
    `Per-type F1 of relation-type classification over candidate pairs: bars are means over seeds${Math.max(counts.baseline, counts.hnm) > 1 ? ", whiskers the lowest and highest seed" : ""}.`,
  );
}

function confusions(report: CompareReport): string {
  return (["baseline", "hnm"] as const)
    .map((m) => firstRunOf(report, m))
    .filter((r) => r !== undefined)
    .map((r) =>
      figure(
        `confusion-${r.model}`,
        confusionHeatmap({
          title: `Confusion matrix: ${r.model} (seed ${r.seed})`,
          labels: r.evaluation.confusion.labels,
          matrix: r.evaluation.confusion.matrix,
          color: MODEL_COLORS[r.model]!,
        }),
        "Rows: gold type, columns: predicted type, over all candidate pairs; shade = share of the row.",
      ),
    )
    .join("");
}

function projections(report: CompareReport): string {
  const runs = (["baseline", "hnm"] as const)
    .map((m) => firstRunOf(report, m))
    .filter((r) => r !== undefined);
  const labels = [...new Set(runs.flatMap((r) => r.projection.points.map((p) => p.label)))].sort();
  return runs
    .map((r) => {
      const [v1, v2] = r.projection.explainedVariance;
      return figure(
        `projection-${r.model}`,
        scatterPlot({
          title: `Relation embeddings: ${r.model} (seed ${r.seed})`,
          xLabel: `PC1 (${(v1 * 100).toFixed(0)}% var.)`,
          yLabel: `PC2 (${(v2 * 100).toFixed(0)}% var.)`,
          points: r.projection.points,
          labels,
        }),
        `${r.projection.method} of the pair embeddings of gold positive pairs, coloured by gold type. ARI ${fixed3(r.evaluation.embedding.ari)}, NMI ${fixed3(r.evaluation.embedding.nmi)}.`,
      );
    })
    .join("");
}

function table(header: string[], rows: string[][]): string {
  const th = header.map((h) => `<th>${escapeXml(h)}</th>`).join("");
  const trs = rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join("")}</tr>`)
    .join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`;
}

/** index.html: one self-contained page (inline CSS and SVG, no scripts, no network). */
export function renderHtml(report: CompareReport): string {
  const s = report.settings;
  const cmp = comparisonRows(report.comparison);
  const perType = perTypeTable(report);
  const embeddingSummary = embeddingSummaryTable(report);
  const embeddingRuns = embeddingRunsTable(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>biore compare: baseline vs HNM</title><style>${STYLE}</style></head>
<body>
<h1>biore compare: baseline vs hard negative mining</h1>
<p>Trained on <code>${escapeXml(report.data.train)}</code>; evaluated on the <b>${report.data.evalSplit}</b> split <code>${escapeXml(report.data.eval)}</code>.
${s.epochs} epochs, size <code>${escapeXml(s.size)}</code>, seeds ${s.seeds.join(", ")}, backend ${escapeXml(s.backend)}, ${s.bootstrapSamples} bootstrap resamples over documents; ${report.totalSeconds.toFixed(0)} s in all. Generated ${escapeXml(report.createdAt)}.</p>
<h2>BioRED micro-F1 (mean over seeds, 95% CI)</h2>
${table(cmp.header, cmp.rows)}
<h2>Learning curves</h2><div class="charts">${learningCurves(report)}</div>
<h2>Per-type F1</h2>
<p>${escapeXml(seedMeansNote(report, true))}</p>
${table(perType.header, perType.rows)}
<div class="charts">${perTypeBars(report)}</div>
<h2>Confusion matrices</h2><div class="charts">${confusions(report)}</div>
<h2>Relation embeddings</h2>
<p>${escapeXml(seedMeansNote(report, false))}</p>
${table(embeddingSummary.header, embeddingSummary.rows)}
<p>Per run:</p>
${table(embeddingRuns.header, embeddingRuns.rows)}
<div class="charts">${projections(report)}</div>
</body></html>
`;
}
