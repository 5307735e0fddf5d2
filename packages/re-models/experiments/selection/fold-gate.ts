// A Train-fold gate read from its units (rounds 4.9 onwards): each unit's two decisions of the
// same pooled fold documents scored, Δ half per unit, and the document bootstrap over all units.
// The analyses print the rows their own way and apply their pre-registered pass rule.
import type { BioCDocument } from "@biore/bioc-io";
import { deltaHalf } from "./figures-text.js";
import { type GateUnit, gateBootstrap } from "./gate-bootstrap.js";
import { type EvaluationFigures, documentFigures } from "./saved-runs.js";

/** One unit of a gate, named for its row. */
export interface LabelledUnit extends GateUnit {
  label: string;
}

/** Each unit's figures and Δ half, and what the gates' rules read from them. */
export interface GateReading {
  rows: { label: string; treatment: EvaluationFigures; control: EvaluationFigures }[];
  /** Δ half per unit, in points. */
  halves: number[];
  /** Δ pair per unit, in points. */
  pairs: number[];
  /** Units with Δ half > 0. */
  positive: number;
  bootstrap: ReturnType<typeof gateBootstrap>;
}

/** Scores every unit on `documents` (the same for all) and resamples them for the bootstrap. */
export function readGate(
  documents: readonly BioCDocument[],
  units: readonly LabelledUnit[],
): GateReading {
  const rows = units.map((u) => ({
    label: u.label,
    treatment: documentFigures(documents, u.treatment),
    control: documentFigures(documents, u.control),
  }));
  const halves = rows.map((r) => deltaHalf(r.treatment, r.control));
  return {
    rows,
    halves,
    pairs: rows.map((r) => 100 * (r.treatment.pair - r.control.pair)),
    positive: halves.filter((x) => x > 0).length,
    bootstrap: gateBootstrap(documents, units),
  };
}
