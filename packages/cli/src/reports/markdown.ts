import { comparisonRows } from "./comparison-table.js";
import { markdownTable, fixed3 } from "./format.js";
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
  const lines = [
    "# biore compare: baseline vs hard negative mining",
    "",
    `Trained on \`${report.data.train}\`, evaluated on the **${report.data.evalSplit}** split \`${report.data.eval}\`.`,
    `Settings: ${s.epochs} epochs, model size \`${s.size}\`, seeds ${s.seeds.join(", ")}, backend ${s.backend}, ${s.bootstrapSamples} bootstrap resamples over documents. Total time ${report.totalSeconds.toFixed(0)} s.`,
    "Model selection (early stopping, thresholds) used a held-out slice of Train, never the evaluation split.",
    ...(s.typerWeight
      ? [
          `A linear typer, fitted on the fit part of Train, was fused into every model's type logits with weight ${s.typerWeight} (--typer-weight), the None bias re-tuned on the held-out slice.`,
        ]
      : []),
    "",
    "## BioRED micro-F1 (mean over seeds)",
    "",
    ...markdownTable(table.header, table.rows),
    "",
    "## Per-type F1 (first seed)",
    "",
  ];
  const baseline = firstRunOf(report, "baseline");
  const hnm = firstRunOf(report, "hnm");
  const labels = [
    ...new Set(
      [...(baseline?.evaluation.perType ?? []), ...(hnm?.evaluation.perType ?? [])].map(
        (t) => t.label,
      ),
    ),
  ];
  const f1 = (run: RunReport | undefined, label: string) =>
    run?.evaluation.perType.find((t) => t.label === label)?.f1.toFixed(3) ?? "–";
  const support = (label: string) =>
    String((baseline ?? hnm)?.evaluation.perType.find((t) => t.label === label)?.support ?? 0);
  lines.push(
    ...markdownTable(
      ["relation type", "support", "baseline F1", "HNM F1"],
      labels.map((l) => [l, support(l), f1(baseline, l), f1(hnm, l)]),
    ),
    "",
    "## Relation embeddings of gold positive pairs",
    "",
    ...markdownTable(
      ["model", "seed", "space", "pairs", "k", "ARI", "NMI", "precision@1", "MAP@R"],
      report.runs
        .flatMap((r) =>
          (
            [
              ["pair embedding", r.evaluation.embedding],
              ["projection", r.evaluation.projectionEmbedding],
            ] as const
          ).flatMap(([space, e]) => (e ? [{ r, space, e }] : [])),
        )
        .map(({ r, space, e }) => {
          return [
            r.model,
            String(r.seed),
            space,
            String(e.pairs),
            String(e.k),
            fixed3(e.ari),
            fixed3(e.nmi),
            fixed3(e.precisionAt1),
            fixed3(e.mapAtR),
          ];
        }),
    ),
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
  );
  return lines.join("\n");
}
