import { mulberry32 as rng } from "@biore/internal";
import type { CompareReport, RunReport } from "../types.js";

const LABELS = ["None", "Association", "Bind", "Positive_Correlation", "Negative_Correlation"];

function run(model: RunReport["model"], seed: number, random: () => number): RunReport {
  const interval = (e: number) => ({ estimate: e, low: e - 0.05, high: e + 0.05 });
  return {
    model,
    seed,
    trainSeconds: 10 + random() * 5,
    history: [1, 2, 3, 4].map((epoch) => ({
      epoch,
      loss: 1.5 / epoch + random() * 0.1,
      valF1: 0.2 + epoch * 0.08 + random() * 0.02,
      seconds: 3,
    })),
    evaluation: {
      documents: 20,
      scores: {
        pair: interval(0.6),
        type: interval(0.45),
        novelty: interval(0.4),
        all: interval(0.3),
      },
      perType: LABELS.slice(1).map((label, i) => ({
        label,
        precision: 0.5,
        recall: 0.4,
        f1: i === 2 ? 0 : 0.2 + random() * 0.6,
        support: 10 + i,
      })),
      confusion: {
        labels: LABELS,
        matrix: LABELS.map((_, r) =>
          LABELS.map((_, c) => (r === c ? 20 : Math.floor(random() * 4))),
        ),
      },
      embedding: { pairs: 40, k: 4, ari: 0.2, nmi: 0.3, precisionAt1: 0.5, mapAtR: 0.3 },
    },
    projection: {
      method: "PCA (top 2 principal components)",
      explainedVariance: [0.4, 0.2],
      points: Array.from({ length: 40 }, (_, i) => ({
        x: (i % 4) * 2 + random(),
        y: random() * 3 - 1,
        label: LABELS[1 + (i % 4)]!,
      })),
    },
  };
}

/** A fixed comparison table (HNM 0.02 above the baseline at every level) for report fixtures. */
export function sampleComparison(): CompareReport["comparison"] {
  return (["pair", "type", "novelty", "all"] as const).map((metric) => ({
    metric,
    baseline: { estimate: 0.5, low: 0.45, high: 0.55 },
    hnm: { estimate: 0.52, low: 0.47, high: 0.57 },
    difference: 0.02,
    differenceInterval: { estimate: 0.02, low: -0.01, high: 0.05 },
    pValue: 0.2,
  }));
}

/** A synthetic compare report (seeded) for testing the writers; its numbers mean nothing. */
export function sampleReport(seed = 1): CompareReport {
  const random = rng(seed);
  return {
    createdAt: "2026-01-01T00:00:00.000Z",
    settings: { epochs: 4, seeds: [1, 2], size: "small", backend: "cpu", bootstrapSamples: 200 },
    data: { train: "Train.BioC.XML", eval: "Dev.BioC.JSON", evalSplit: "dev" },
    totalSeconds: 42,
    runs: [
      run("baseline", 1, random),
      run("hnm", 1, random),
      run("baseline", 2, random),
      run("hnm", 2, random),
    ],
    comparison: sampleComparison(),
  };
}
