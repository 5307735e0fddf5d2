import { comparisonRows } from "./comparison-table.js";
import { markdownTable } from "./format.js";
import {
  embeddingRunsTable,
  embeddingSummaryTable,
  perTypeTable,
  seedMeansNote,
} from "./seed-tables.js";
import type { CompareReport, RunReport } from "./types.js";

/** The first run of each model kind (the one charts show per model). */
export function firstRunOf(
  report: CompareReport,
  model: RunReport["model"],
): RunReport | undefined {
  return report.runs.find((r) => r.model === model);
}

/** results.md: settings, the comparison table, per-type F1 and embedding quality. */
export function renderMarkdown(report: CompareReport): string {
  const s = report.settings;
  const table = comparisonRows(report.comparison);
  const perType = perTypeTable(report);
  const embeddingSummary = embeddingSummaryTable(report);
  const embeddingRuns = embeddingRunsTable(report);
  const lines = [
    "# biore compare: baseline vs hard negative mining",
    "",
    `Trained on \`${report.data.train}\`, evaluated on the **${report.data.evalSplit}** split \`${report.data.eval}\`.`,
    `Settings: ${s.epochs} epochs, model size \`${s.size}\`, seeds ${s.seeds.join(", ")}, backend ${s.backend}, ${s.bootstrapSamples} bootstrap resamples over documents. Total time ${report.totalSeconds.toFixed(0)} s.`,
    "Model selection (early stopping, thresholds) used a held-out slice of Train, never the evaluation split.",
    ...(s.typerWeight
      ? [
          `A linear typer, fitted on the fit part of Train, was fused into every model's type logits with weight ${s.typerWeight} (--typer-weight), the None bias re-tuned on the held-out slice.${s.typerTypesOnly ? " With --typer-types-only it picked only the type of the pairs the network called related." : ""}`,
        ]
      : []),
    "",
    "## BioRED micro-F1 (mean over seeds)",
    "",
    ...markdownTable(table.header, table.rows),
    "",
    "## Per-type F1",
    "",
    `${seedMeansNote(report, true)} Support: gold pairs of the type in the evaluation split.`,
    "",
    ...markdownTable(perType.header, perType.rows),
    "",
    "## Relation embeddings of gold positive pairs",
    "",
    `${seedMeansNote(report, false)} Pair embedding: the vector the heads read; projection: the contrastive head's output, the space an HNM loss shapes.`,
    "",
    ...markdownTable(embeddingSummary.header, embeddingSummary.rows),
    "",
    "Per run:",
    "",
    ...markdownTable(embeddingRuns.header, embeddingRuns.rows),
    "",
    "## Runs",
    "",
    ...markdownTable(
      [
        "model",
        "seed",
        "epochs run",
        "train time (s)",
        "pair F1",
        "+type F1",
        "+novelty F1",
        "all F1",
      ],
      report.runs.map((r) => [
        r.model,
        String(r.seed),
        String(r.history.length),
        r.trainSeconds.toFixed(0),
        ...(["pair", "type", "novelty", "all"] as const).map((m) =>
          r.evaluation.scores[m].estimate.toFixed(3),
        ),
      ]),
    ),
    "",
  ];
  return lines.join("\n");
}
