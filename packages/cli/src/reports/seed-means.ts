/**
 * Means over seeds of the per-run numbers a comparison keeps per run (per-type F1, embedding
 * quality): the one place results.md and index.html take their seed summaries from.
 * Each run of a model kind in `report.runs` is one seed (an ensemble when --ensemble > 1).
 */
import type { CompareReport, EmbeddingQuality, RunReport } from "./types.js";

export type ModelKind = RunReport["model"];
export const MODEL_KINDS: readonly ModelKind[] = ["baseline", "hnm"];

/** A number's mean over the seeds that measured it, and its spread (min and max over seeds). */
export interface SeedSummary {
  mean: number;
  min: number;
  max: number;
  /** How many seeds measured it. */
  seeds: number;
}

/** Mean, min and max of values; undefined for none. NaN (an unmeasurable score) propagates. */
export function summarize(values: number[]): SeedSummary | undefined {
  if (values.length === 0) return undefined;
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    seeds: values.length,
  };
}

/** The runs of one model kind, one per seed. */
export function runsOf(report: CompareReport, model: ModelKind): RunReport[] {
  return report.runs.filter((r) => r.model === model);
}

/** Seeds per model kind (0 for a kind with no runs). */
export function seedCounts(report: CompareReport): Record<ModelKind, number> {
  return { baseline: runsOf(report, "baseline").length, hnm: runsOf(report, "hnm").length };
}

/** `1 seed`, `3 seeds`, or `baseline 3 seeds, HNM 2 seeds` when the kinds differ. */
export function seedCountText(report: CompareReport): string {
  const c = seedCounts(report);
  const seeds = (k: number) => `${k} seed${k === 1 ? "" : "s"}`;
  return c.baseline === c.hnm || c.hnm === 0
    ? seeds(c.baseline)
    : c.baseline === 0
      ? seeds(c.hnm)
      : `baseline ${seeds(c.baseline)}, HNM ${seeds(c.hnm)}`;
}

/** One relation type's F1 over seeds for both models. */
export interface PerTypeMeans {
  label: string;
  /** Gold pairs of the type: the same in every run (one evaluation split); min and max if not. */
  support: { min: number; max: number };
  /** Undefined for a model none of whose runs scored the type. */
  f1: Partial<Record<ModelKind, SeedSummary>>;
  /** HNM mean − baseline mean; undefined unless both models scored the type. */
  difference?: number;
}

/** Per-type F1 means over seeds, labels in first-seen order across runs. */
export function perTypeMeans(report: CompareReport): PerTypeMeans[] {
  const labels = [...new Set(report.runs.flatMap((r) => r.evaluation.perType.map((t) => t.label)))];
  return labels.map((label) => {
    const scores = report.runs.flatMap((r) =>
      r.evaluation.perType.filter((t) => t.label === label),
    );
    const supports = scores.map((t) => t.support);
    const f1: PerTypeMeans["f1"] = {};
    for (const model of MODEL_KINDS) {
      const values = runsOf(report, model).flatMap((r) =>
        r.evaluation.perType.filter((t) => t.label === label).map((t) => t.f1),
      );
      const summary = summarize(values);
      if (summary) f1[model] = summary;
    }
    const { baseline, hnm } = f1;
    return {
      label,
      support: { min: Math.min(...supports), max: Math.max(...supports) },
      f1,
      ...(baseline && hnm ? { difference: hnm.mean - baseline.mean } : {}),
    };
  });
}

/** The two spaces whose embedding quality a run records. */
export const EMBEDDING_SPACES = [
  { name: "pair embedding", pick: (r: RunReport) => r.evaluation.embedding },
  { name: "projection", pick: (r: RunReport) => r.evaluation.projectionEmbedding },
] as const satisfies readonly {
  name: string;
  pick: (r: RunReport) => EmbeddingQuality | undefined;
}[];

export type EmbeddingSpace = (typeof EMBEDDING_SPACES)[number]["name"];

/** The four embedding-quality scores, in table order. */
export const EMBEDDING_SCORES = ["ari", "nmi", "precisionAt1", "mapAtR"] as const;
export type EmbeddingScore = (typeof EMBEDDING_SCORES)[number];

/** One space's embedding quality over seeds for both models. */
export interface EmbeddingMeans {
  space: EmbeddingSpace;
  /** Undefined for a model with no run that measured this space. */
  models: Partial<Record<ModelKind, Record<EmbeddingScore, SeedSummary>>>;
  /** HNM mean − baseline mean per score; undefined unless both models measured the space. */
  difference?: Record<EmbeddingScore, number>;
}

/** Embedding-quality means over seeds per space; a space no run measured is left out. */
export function embeddingMeans(report: CompareReport): EmbeddingMeans[] {
  return EMBEDDING_SPACES.flatMap(({ name, pick }) => {
    const models: EmbeddingMeans["models"] = {};
    for (const model of MODEL_KINDS) {
      const measured = runsOf(report, model).flatMap((r) => pick(r) ?? []);
      if (measured.length === 0) continue;
      models[model] = Object.fromEntries(
        EMBEDDING_SCORES.map((s) => [s, summarize(measured.map((q) => q[s]))!]),
      ) as Record<EmbeddingScore, SeedSummary>;
    }
    const { baseline, hnm } = models;
    if (!baseline && !hnm) return [];
    const difference =
      baseline && hnm
        ? (Object.fromEntries(
            EMBEDDING_SCORES.map((s) => [s, hnm[s].mean - baseline[s].mean]),
          ) as Record<EmbeddingScore, number>)
        : undefined;
    return [{ space: name, models, ...(difference ? { difference } : {}) }];
  });
}
