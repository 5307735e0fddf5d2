// A fold gate's Δ half with its document-sampling interval (round 4.8, after its Dev reading):
// the gates' t-interval runs over seed subsets that share members and the same 200 documents, so
// it leaves out how much the difference depends on which documents were drawn. Here every unit's
// two arms are re-scored on the same bootstrap resamples of the pooled documents (re-metrics'
// per-document counts and seeded generator) and the units' mean Δ half is read off each resample.
import type { BioCDocument } from "@biore/bioc-io";
import {
  type BioredDocumentCounts,
  type BioredRelation,
  bioredDocumentCounts,
  bioredScoresFromCounts,
  createRandom,
  relationsFromBioC,
} from "@biore/re-metrics";

/** One unit's two decisions of the same documents. */
export interface GateUnit {
  treatment: readonly BioredRelation[];
  control: readonly BioredRelation[];
}

const countsOf = (documents: readonly BioCDocument[], predictions: readonly BioredRelation[]) =>
  bioredDocumentCounts(relationsFromBioC(documents), predictions, {
    entityTypes: documents,
    documentIds: documents.map((d) => d.id),
  });

/** (pair F1 + pair+type F1) / 2 of the documents `picked` from `counts`, in points. */
function halfOf(counts: readonly BioredDocumentCounts[], picked: readonly number[]): number {
  const s = bioredScoresFromCounts(picked.map((i) => counts[i] as BioredDocumentCounts));
  return (100 * (s.pair.f1 + s.pairType.f1)) / 2;
}

/**
 * The units' mean Δ half (treatment − control) on `documents` and its 95 % percentile interval
 * over `iterations` document resamples shared by every unit.
 */
export function gateBootstrap(
  documents: readonly BioCDocument[],
  units: readonly GateUnit[],
  iterations = 1000,
  seed = 0,
): { delta: number; lower: number; upper: number } {
  const counted = units.map((u) => ({
    treatment: countsOf(documents, u.treatment),
    control: countsOf(documents, u.control),
  }));
  const meanDelta = (picked: readonly number[]) =>
    counted.reduce((sum, u) => sum + halfOf(u.treatment, picked) - halfOf(u.control, picked), 0) /
    counted.length;
  const all = documents.map((_, i) => i);
  const random = createRandom(seed);
  const deltas = Array.from({ length: iterations }, () =>
    meanDelta(all.map(() => random.nextInt(documents.length))),
  ).sort((a, b) => a - b);
  const at = (q: number) => deltas[Math.min(iterations - 1, Math.floor(q * iterations))] as number;
  return { delta: meanDelta(all), lower: at(0.025), upper: at(0.975) };
}
