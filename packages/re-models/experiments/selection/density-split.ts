// Round 4.8, after its Dev reading: does a decision change's gain depend on how many candidate
// pairs a document holds? Dev abstracts hold more (90.7 vs 77.8 on average, round 4.6), so a gain
// confined to sparse documents would shrink on Dev. Splits documents at a number of candidate
// pairs and gives Δ (pair + +type) / 2 of two decisions on each side.
import type { BioCDocument } from "@biore/bioc-io";
import type { BioredRelation } from "@biore/re-metrics";
import type { GateUnit } from "./gate-bootstrap.js";
import { type SavedRun, documentFigures } from "./saved-runs.js";
import { mean } from "./stats.js";

/** One unit's two decisions of `documents`, and each document's number of candidate pairs. */
export interface DensityUnit extends GateUnit {
  documents: readonly BioCDocument[];
  pairsPerDocument: ReadonlyMap<string, number>;
}

/** Candidate pairs per evaluation document of a run. */
export function candidatePairsPerDocument(run: SavedRun): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of run.split.split.evaluation.pairs.flat())
    counts.set(p.documentId, (counts.get(p.documentId) ?? 0) + 1);
  return counts;
}

/** Median candidate pairs per document over the units' documents (each document once). */
export function medianPairs(units: readonly DensityUnit[]): number {
  const seen = new Map<string, number>();
  for (const u of units)
    for (const d of u.documents) seen.set(d.id, u.pairsPerDocument.get(d.id) ?? 0);
  const sorted = [...seen.values()].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Mean over units of Δ half (treatment − control) on documents with ≤ `threshold` pairs and on the rest. */
export function densityDeltas(units: readonly DensityUnit[], threshold: number) {
  const side = (u: DensityUnit, sparse: boolean) => {
    const keep = u.documents.filter(
      (d) => (u.pairsPerDocument.get(d.id) ?? 0) <= threshold === sparse,
    );
    const ids = new Set(keep.map((d) => d.id));
    const f = (ps: readonly BioredRelation[]) =>
      documentFigures(
        keep,
        ps.filter((r) => ids.has(r.documentId)),
      );
    const t = f(u.treatment);
    const c = f(u.control);
    return {
      delta: (100 * (t.pair - c.pair + t.pairType - c.pairType)) / 2,
      documents: keep.length,
    };
  };
  const sparse = units.map((u) => side(u, true));
  const dense = units.map((u) => side(u, false));
  return {
    sparse: mean(sparse.map((s) => s.delta)),
    dense: mean(dense.map((s) => s.delta)),
    sparseDocuments: sparse[0]?.documents ?? 0,
    denseDocuments: dense[0]?.documents ?? 0,
  };
}
