/** Header and rows of the seed-summary tables results.md and index.html both print. */
import { fixed3, formatSigned } from "./format.js";
import {
  EMBEDDING_SCORES,
  EMBEDDING_SPACES,
  embeddingMeans,
  MODEL_KINDS,
  type ModelKind,
  perTypeMeans,
  type SeedSummary,
  seedCounts,
  seedCountText,
} from "./seed-means.js";
import type { CompareReport } from "./types.js";

export interface Table {
  header: string[];
  rows: string[][];
}

const MODEL_NAMES: Record<ModelKind, string> = { baseline: "baseline", hnm: "HNM" };

/** A signed difference, `n/a` when either mean was not a number. */
function signed(x: number | undefined): string {
  if (x === undefined) return "–";
  if (!Number.isFinite(x)) return "n/a";
  // A difference that rounds to zero prints +0.000, not -0.000.
  return formatSigned(Math.abs(x) < 5e-4 ? 0 : x);
}

/** `0.452 (0.431–0.470)` over several seeds, `0.452` over one; notes seeds that lacked it. */
function meanCell(s: SeedSummary | undefined, seedsOfModel: number): string {
  if (!s) return "–";
  const spread = seedsOfModel > 1 && s.seeds > 1 ? ` (${fixed3(s.min)}–${fixed3(s.max)})` : "";
  const partial = s.seeds < seedsOfModel ? ` [${s.seeds} of ${seedsOfModel} seeds]` : "";
  return `${fixed3(s.mean)}${spread}${partial}`;
}

/**
 * The sentence under a heading: how many seeds, what a seed is and, for a table that shows
 * one (`withSpread`), what the spread in parentheses is.
 */
export function seedMeansNote(report: CompareReport, withSpread: boolean): string {
  const ensemble = report.settings.ensemble ?? 1;
  const seedIs = ensemble > 1 ? ` (each seed an ensemble of ${ensemble} models)` : "";
  const counts = seedCounts(report);
  const several = Math.max(counts.baseline, counts.hnm) > 1;
  const spread = !withSpread
    ? ""
    : several
      ? "; in parentheses the lowest and highest seed"
      : "; no spread with one seed";
  return `Mean over ${seedCountText(report)}${seedIs}${spread}.`;
}

/** Per-type F1: support, each model's seed mean (min–max), HNM − baseline. */
export function perTypeTable(report: CompareReport): Table {
  const counts = seedCounts(report);
  const several = Math.max(counts.baseline, counts.hnm) > 1;
  const f1Header = (m: ModelKind) => `${MODEL_NAMES[m]} F1${several ? " mean (min–max)" : ""}`;
  return {
    header: ["relation type", "support", ...MODEL_KINDS.map(f1Header), "HNM − baseline"],
    rows: perTypeMeans(report).map((t) => [
      t.label,
      t.support.min === t.support.max ? String(t.support.min) : `${t.support.min}–${t.support.max}`,
      ...MODEL_KINDS.map((m) => meanCell(t.f1[m], counts[m])),
      signed(t.difference),
    ]),
  };
}

const SCORE_NAMES = ["ARI", "NMI", "precision@1", "MAP@R"];

/** Embedding quality per space: each model's seed mean, then HNM − baseline. */
export function embeddingSummaryTable(report: CompareReport): Table {
  return {
    header: ["space", "model", ...SCORE_NAMES],
    rows: embeddingMeans(report).flatMap((e) => [
      ...MODEL_KINDS.flatMap((m) => {
        const scores = e.models[m];
        return scores
          ? [[e.space, MODEL_NAMES[m], ...EMBEDDING_SCORES.map((s) => fixed3(scores[s].mean))]]
          : [];
      }),
      ...(e.difference
        ? [[e.space, "HNM − baseline", ...EMBEDDING_SCORES.map((s) => signed(e.difference?.[s]))]]
        : []),
    ]),
  };
}

/** The raw data: one row per run and space that was measured. */
export function embeddingRunsTable(report: CompareReport): Table {
  return {
    header: ["model", "seed", "space", "pairs", "k", ...SCORE_NAMES],
    rows: report.runs.flatMap((r) =>
      EMBEDDING_SPACES.flatMap(({ name, pick }) => {
        const e = pick(r);
        return e
          ? [
              [
                r.model,
                String(r.seed),
                name,
                String(e.pairs),
                String(e.k),
                ...EMBEDDING_SCORES.map((s) => fixed3(e[s])),
              ],
            ]
          : [];
      }),
    ),
  };
}
