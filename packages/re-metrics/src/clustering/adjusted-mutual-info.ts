import type { Labels } from "../shared/labels.js";
import { expectedMutualInfo } from "./expected-mutual-info.js";
import { type MutualInfoOptions, generalizedAverage, mutualInfoTerms } from "./mutual-info.js";

/**
 * Adjusted mutual information, sklearn's `adjusted_mutual_info_score`:
 * (MI − E[MI]) / (mean(H) − E[MI]), 1 when both labelings have one group or are empty.
 * E[MI] uses the fast hypergeometric walk of {@link expectedMutualInfo}. When E[MI] equals
 * the normalizer and MI (e.g. both labelings all singletons) AMI is 0/0: sklearn returns the
 * rounding noise of (MI − E[MI]) / eps there, this returns 1 (a perfect match). Otherwise the
 * denominator is clamped away from 0 as in sklearn.
 */
export function adjustedMutualInfo(
  labelsTrue: Labels,
  labelsPred: Labels,
  options: MutualInfoOptions = {},
): number {
  const method = options.averageMethod ?? "arithmetic";
  const terms = mutualInfoTerms(labelsTrue, labelsPred, method);
  if (!terms) return 1;
  const { table, mi, hTrue, hPred } = terms;
  const emi = expectedMutualInfo(table.rowSums, table.colSums, table.n);
  const normalizer = generalizedAverage(hTrue, hPred, method);
  const tolerance = 1e-12 * Math.max(1, normalizer);
  if (Math.abs(normalizer - emi) <= tolerance && Math.abs(mi - emi) <= tolerance) {
    // MI = E[MI] = max (e.g. both labelings all singletons): the labelings reach the maximum
    // that chance reaches too. sklearn returns rounding noise of 0/eps here; we return 1.
    return 1;
  }
  let denominator = normalizer - emi;
  // As sklearn: keep the sign but avoid 0/0 when E[MI] equals the normalizer.
  denominator =
    denominator < 0
      ? Math.min(denominator, -Number.EPSILON)
      : Math.max(denominator, Number.EPSILON);
  return (mi - emi) / denominator;
}
