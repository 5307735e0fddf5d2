import { formatInterval, formatP, formatSigned } from "./format.js";
import type { ComparisonRow } from "./types.js";

const METRIC_NAMES: Record<string, string> = {
  pair: "entity pair",
  type: "+ relation type",
  novelty: "+ novelty",
  all: "all (type + novelty)",
};

/** Header and rows of the side-by-side table `biore compare` prints. */
export function comparisonRows(rows: ComparisonRow[]): { header: string[]; rows: string[][] } {
  return {
    header: [
      "BioRED micro-F1",
      "baseline [95% CI]",
      "HNM [95% CI]",
      "HNM − baseline [95% CI]",
      "p (HNM > baseline)",
    ],
    rows: rows.map((r) => [
      METRIC_NAMES[r.metric] ?? r.metric,
      formatInterval(r.baseline),
      formatInterval(r.hnm),
      `${formatSigned(r.difference)} [${formatSigned(r.differenceInterval.low)}, ${formatSigned(r.differenceInterval.high)}]`,
      formatP(r.pValue),
    ]),
  };
}
