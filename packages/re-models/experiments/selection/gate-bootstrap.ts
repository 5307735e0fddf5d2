// A fold gate's Δ half with its document-sampling interval (round 4.8, after its Dev reading):
// the gates' t-interval runs over seed subsets that share members and the same 200 documents, so
// it leaves out how much the difference depends on which documents were drawn. The subsets play
// the part of summarize.ts's seeds: the runner's paired bootstrap (`compareMetrics`) re-scores
// every subset's two arms on the same resamples of the pooled documents.
import type { BioCDocument } from "@biore/bioc-io";
import {
  type BioredRelation,
  type BioredScores,
  bioredDocumentCounts,
  relationsFromBioC,
} from "@biore/re-metrics";
import { compareMetrics, documentUnits } from "../../src/experiment/index.js";

/** One unit's two decisions of the same documents. */
export interface GateUnit {
  treatment: readonly BioredRelation[];
  control: readonly BioredRelation[];
}

/** (pair F1 + pair+type F1) / 2, in points: the gates' statistic. */
const half = (s: BioredScores) => (100 * (s.pair.f1 + s.pairType.f1)) / 2;

/**
 * The units' mean Δ half (treatment − control) on `documents` and its 95 % interval over
 * `iterations` document resamples shared by every unit.
 */
export function gateBootstrap(
  documents: readonly BioCDocument[],
  units: readonly GateUnit[],
  iterations = 1000,
  seed = 0,
): { delta: number; lower: number; upper: number } {
  const gold = relationsFromBioC(documents);
  const options = { entityTypes: documents, documentIds: documents.map((d) => d.id) };
  const arm = (pick: (u: GateUnit) => readonly BioredRelation[]) =>
    documentUnits(units.map((u) => bioredDocumentCounts(gold, pick(u), options)));
  const { half: compared } = compareMetrics(
    arm((u) => u.treatment),
    arm((u) => u.control),
    { half },
    { iterations, seed },
  );
  return {
    delta: compared.difference,
    lower: compared.interval.lower,
    upper: compared.interval.upper,
  };
}
