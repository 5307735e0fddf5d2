import type { CompareReport, EmbeddingQuality, RunReport } from "../types.js";
import { sampleComparison } from "./sample-report.js";

/** What a hand-made run varies: per-type F1 and support, and embedding quality per space. */
export interface RunSpec {
  model: RunReport["model"];
  seed: number;
  /** label → [F1, support] */
  perType: Record<string, [number, number]>;
  /** ARI, NMI, precision@1, MAP@R of the pair embeddings. */
  embedding: [number, number, number, number];
  /** The same for the projection; absent = not measured. */
  projection?: [number, number, number, number];
}

function quality([ari, nmi, precisionAt1, mapAtR]: number[]): EmbeddingQuality {
  return { pairs: 30, k: 3, ari: ari!, nmi: nmi!, precisionAt1: precisionAt1!, mapAtR: mapAtR! };
}

function run(spec: RunSpec): RunReport {
  const interval = { estimate: 0.5, low: 0.4, high: 0.6 };
  return {
    model: spec.model,
    seed: spec.seed,
    trainSeconds: 1,
    history: [{ epoch: 1, loss: 1, valF1: 0.5, seconds: 1 }],
    evaluation: {
      documents: 5,
      scores: { pair: interval, type: interval, novelty: interval, all: interval },
      perType: Object.entries(spec.perType).map(([label, [f1, support]]) => ({
        label,
        precision: f1,
        recall: f1,
        f1,
        support,
      })),
      confusion: {
        labels: ["None", "A"],
        matrix: [
          [1, 0],
          [0, 1],
        ],
      },
      embedding: quality(spec.embedding),
      ...(spec.projection ? { projectionEmbedding: quality(spec.projection) } : {}),
    },
    projection: {
      method: "PCA (top 2 principal components)",
      explainedVariance: [0.5, 0.2],
      points: [
        { x: 0, y: 0, label: "A" },
        { x: 1, y: 1, label: "A" },
      ],
    },
  };
}

/** A compare report with hand-chosen per-run numbers, for checking seed means exactly. */
export function seedReport(runs: RunSpec[], ensemble?: number): CompareReport {
  const seeds = [...new Set(runs.map((r) => r.seed))];
  return {
    createdAt: "2026-01-01T00:00:00.000Z",
    settings: {
      epochs: 1,
      seeds,
      ...(ensemble ? { ensemble } : {}),
      size: "small",
      backend: "cpu",
      bootstrapSamples: 10,
    },
    data: { train: "Train.BioC.XML", eval: "Dev.BioC.JSON", evalSplit: "dev" },
    totalSeconds: 3,
    runs: runs.map(run),
    comparison: sampleComparison(),
  };
}

/** Three seeds; B missing from baseline's seed 3, C scored by HNM only, no HNM projection. */
export const THREE_SEEDS: RunSpec[] = [
  {
    model: "baseline",
    seed: 1,
    perType: { A: [0.5, 10], B: [0.2, 4] },
    embedding: [0.1, 0.2, 0.5, 0.3],
    projection: [0.0, 0.1, 0.4, 0.2],
  },
  {
    model: "hnm",
    seed: 1,
    perType: { A: [0.6, 10], B: [0.3, 4], C: [0.5, 2] },
    embedding: [0.3, 0.4, 0.6, 0.5],
  },
  {
    model: "baseline",
    seed: 2,
    perType: { A: [0.6, 10], B: [0.4, 4] },
    embedding: [0.2, 0.3, 0.6, 0.4],
    projection: [0.1, 0.2, 0.5, 0.3],
  },
  {
    model: "hnm",
    seed: 2,
    perType: { A: [0.7, 10], B: [0.3, 4], C: [0.1, 2] },
    embedding: [0.4, 0.5, 0.7, 0.6],
  },
  {
    model: "baseline",
    seed: 3,
    perType: { A: [0.7, 10] },
    embedding: [0.3, 0.4, 0.7, 0.5],
    projection: [0.2, 0.3, 0.6, 0.4],
  },
  {
    model: "hnm",
    seed: 3,
    perType: { A: [0.8, 10], B: [0.6, 4], C: [0.3, 2] },
    embedding: [0.5, 0.6, 0.8, 0.7],
  },
];
