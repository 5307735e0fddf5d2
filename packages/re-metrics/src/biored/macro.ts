import { MetricsError } from "../shared/errors.js";
import type { BioredScores } from "./scores.js";

/**
 * Macro-averaged F1 over `types`: the mean of each type's micro-F1 at the pair+type level
 * (or `all`, which also needs the novelty right). A listed type absent from the scores (no
 * gold and no predicted relation of it, e.g. in a bootstrap resample) scores 0; predicted
 * types not listed are left out. Pass the gold types of the full corpus so that every
 * resample averages over the same types.
 */
export function bioredMacroF1(
  scores: BioredScores,
  types: readonly string[],
  level: "pairType" | "all" = "pairType",
): number {
  if (types.length === 0) {
    throw new MetricsError("EMPTY_INPUT", "types", "macro-F1 needs at least one relation type");
  }
  let sum = 0;
  for (const type of types) sum += scores.perType[type]?.[level].f1 ?? 0;
  return sum / types.length;
}
