// The ways the typer is fused with a network (or an ensemble's averaged logits), each with
// its weight chosen on the held-out slice of Train by one rule: the best held-out pair+type
// F1 over FUSION_WEIGHTS, ties to the smaller weight.
//
// - "fused" (round 1, fixed before any Dev figure): w x typer log-probabilities added to the
//   type logits, the None bias re-tuned on the fused held-out scores.
// - round 2 (designed after reading round 1's Dev table, which showed the pair F1 falling
//   and the rare types lost): "types" keeps the network's pair decisions and only re-types
//   the pairs it calls related; "-ev" adds the typer's evidence, log p(type | pair) minus
//   log p(type | entity-type pair) from the fit counts, instead of its log-probability, so
//   the class prior the network already carries is not counted twice.
import type { BioredRelation } from "@biore/re-metrics";
import { type DecisionRule, type PairScores, decide, pairTypeMicroF1 } from "../../src/index.js";
import { FUSION_WEIGHTS, bestTypes, fuse, predictedRelations, tunedRule } from "./fusion.js";

export interface FusionVariant {
  /** Objective suffix of the variant's run files. */
  name: string;
  /** Add typer evidence (log-probability minus the entity-type pair's log prior). */
  evidence: boolean;
  /** Keep the network's pair decisions; the fused logits only pick the type. */
  typesOnly: boolean;
}

export const FUSION_VARIANTS: readonly FusionVariant[] = [
  { name: "fused", evidence: false, typesOnly: false },
  { name: "fused-ev", evidence: true, typesOnly: false },
  { name: "types", evidence: false, typesOnly: true },
  { name: "types-ev", evidence: true, typesOnly: true },
];

/** Network scores of the held-out slice and Dev, and the typer's per-pair terms for both. */
export interface FusionInputs {
  heldOut: PairScores;
  dev: PairScores;
  heldOutTyper: readonly Float64Array[];
  devTyper: readonly Float64Array[];
}

/** A fused system at one weight: its held-out score, rule and Dev decisions. */
export interface FusedSystem {
  w: number;
  heldOutF1: number;
  rule: DecisionRule & { heldOutF1: number };
  /** Dev scores whose decisions are the system's (types-only: the network's). */
  devDecided: PairScores;
  /** [P] the type of each Dev pair called related (label id). */
  devTypes: Int32Array;
}

/** The variant's system at weight `w`. */
export function fusedAt(variant: FusionVariant, inputs: FusionInputs, w: number): FusedSystem {
  const heldOut = fuse(inputs.heldOut, inputs.heldOutTyper, w);
  const dev = fuse(inputs.dev, inputs.devTyper, w);
  if (!variant.typesOnly) {
    const rule = tunedRule(heldOut);
    const decided = decide(dev, rule).labelIds;
    return { w, heldOutF1: rule.heldOutF1, rule, devDecided: dev, devTypes: decided };
  }
  // the network's rule decides which pairs are related; the fused logits type them
  const rule = tunedRule(inputs.heldOut);
  const types = bestTypes(heldOut);
  const related = decide(inputs.heldOut, rule).labelIds;
  const predicted = Int32Array.from(related, (label, p) =>
    label === 0 ? 0 : (types[p] as number),
  );
  const heldOutF1 = pairTypeMicroF1(predicted, inputs.heldOut.labelIds).f1;
  return { w, heldOutF1, rule, devDecided: inputs.dev, devTypes: bestTypes(dev) };
}

/** Every weight's system, and the one the held-out rule picks (one weight: that one). */
export function chooseFusion(
  variant: FusionVariant,
  inputs: FusionInputs,
  weights: readonly number[] = FUSION_WEIGHTS,
): { chosen: FusedSystem; curve: FusedSystem[] } {
  const curve = weights.map((w) => fusedAt(variant, inputs, w));
  let chosen = curve[0] as FusedSystem;
  for (const system of curve) if (system.heldOutF1 > chosen.heldOutF1 + 1e-9) chosen = system;
  return { chosen, curve };
}

/** A fused system's Dev relations. */
export function fusedPredictions(
  system: FusedSystem,
  pairs: readonly [string, string, string][],
  labels: readonly string[],
): BioredRelation[] {
  return predictedRelations(system.devDecided, system.rule, pairs, labels, system.devTypes);
}

/** [P] 1 where the system calls the Dev pair related. */
export function fusedFound(system: FusedSystem): Uint8Array {
  return Uint8Array.from(decide(system.devDecided, system.rule).labelIds, (l) => (l !== 0 ? 1 : 0));
}

/** The typer's terms as evidence: each log-probability minus the log prior of its type. */
export function asEvidence(
  typerLogp: readonly Float64Array[],
  logPriors: readonly Float64Array[],
): Float64Array[] {
  return typerLogp.map((logp, p) => {
    const prior = logPriors[p] as Float64Array;
    return Float64Array.from(logp, (x, c) => (Number.isFinite(x) ? x - (prior[c] as number) : x));
  });
}
