/** The report's data: plain JSON, written to results.json and rendered to Markdown and HTML. */
import type { UnknownEntityTypes } from "@biore/relation-dataset";

/** A point estimate with its 95% bootstrap interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** BioRED track metrics: entity pair, + relation type, + novelty, all of them. */
export type BioredMetric = "pair" | "type" | "novelty" | "all";
/** The four metrics in the order tables print them. */
export const BIORED_METRICS: readonly BioredMetric[] = ["pair", "type", "novelty", "all"];

/** One epoch of training as the learning curve plots it. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  /** F1 on the held-out slice of Train that model selection uses (never the eval split). */
  valF1?: number;
  seconds: number;
}

/** Precision, recall and F1 of one relation type. */
export interface TypeScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Rows are gold labels, columns predicted labels, over candidate pairs. */
export interface Confusion {
  labels: string[];
  matrix: number[][];
}

/** How well relation embeddings of gold positive pairs group by type. */
export interface EmbeddingQuality {
  /** Number of gold positive pairs embedded. */
  pairs: number;
  /** k of k-means: the number of relation types among them. */
  k: number;
  ari: number;
  nmi: number;
  precisionAt1: number;
  mapAtR: number;
}

/** A 2-D projection of relation embeddings, each point labelled by its gold type. */
export interface Projection {
  /** How it was projected, e.g. "PCA (top 2 principal components)". */
  method: string;
  explainedVariance: [number, number];
  points: { x: number; y: number; label: string }[];
}

/** What `biore evaluate` measures for one model on one corpus. */
export interface ModelEvaluation {
  documents: number;
  scores: Record<BioredMetric, Interval>;
  /** The true/false positives and false negatives behind each score. */
  counts?: Record<BioredMetric, { tp: number; fp: number; fn: number }>;
  /**
   * re-metrics' scoring rules: `ncbi` (NCBI's BioRED evaluation, for BioRED) or `all-pairs`
   * (other corpora, whose entity types NCBI's excluded type pairs do not name).
   */
  rules?: "ncbi" | "all-pairs";
  /** Identifier pairs of type pairs NCBI's evaluation does not score, left out. */
  excluded?: { gold: number; predicted: number };
  perType: TypeScore[];
  confusion: Confusion;
  /** Quality of the pair embeddings (the vector the heads read). */
  embedding: EmbeddingQuality;
  /** The same for the contrastive projection head's output, the space an HNM loss shapes. */
  projectionEmbedding?: EmbeddingQuality;
  /**
   * Entity types of the data the model does not know, when there are any: their candidate
   * pairs were never scored, so the gold relations among them count as missed.
   */
  unknownEntityTypes?: UnknownEntityTypes;
}

/** One trained model (one model kind, one seed) in a comparison. */
export interface RunReport {
  model: "baseline" | "hnm";
  seed: number;
  trainSeconds: number;
  history: EpochRecord[];
  evaluation: ModelEvaluation;
  projection: Projection;
}

/** Baseline against HNM on one metric: means over seeds, CIs and the paired-bootstrap p-value. */
export interface ComparisonRow {
  metric: BioredMetric;
  baseline: Interval;
  hnm: Interval;
  /** hnm − baseline. */
  difference: number;
  /** 95% paired-bootstrap percentile CI of the difference (the same resamples as `pValue`). */
  differenceInterval: Interval;
  /** One-sided paired-bootstrap p-value over documents for "HNM beats baseline". */
  pValue: number;
}

/** Everything `biore compare` writes to report/. */
export interface CompareReport {
  createdAt: string;
  settings: {
    epochs: number;
    seeds: number[];
    /** Models per seed whose logits were averaged (--ensemble; absent = 1). */
    ensemble?: number;
    size: string;
    backend: string;
    bootstrapSamples: number;
    /** Whether token embeddings started from word2vec vectors (--pretrain-embeddings). */
    pretrainedEmbeddings?: boolean;
    /** Token encoder: `conv` or `hf:<folder>` (--encoder). */
    encoder?: string;
    /** `--entity-mask`, when it was given. */
    entityMask?: number;
    /** `--selection-window`, when it was given (absent: the trainer's default, 3). */
    selectionWindow?: 1 | 3;
    /** `--typer-weight`, when above 0 (a linear typer fused into the type logits). */
    typerWeight?: number;
    /** `--typer-types-only`, when given with a typer: the typer picks types only. */
    typerTypesOnly?: boolean;
  };
  data: { train: string; eval: string; evalSplit: "dev" | "test" };
  totalSeconds: number;
  runs: RunReport[];
  comparison: ComparisonRow[];
}
