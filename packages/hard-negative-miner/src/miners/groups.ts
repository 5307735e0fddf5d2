import { MetricLearningError } from "../errors.js";
import type { Labels } from "../types.js";
import { type MetricContext, toLabelArray } from "../utils/context.js";

/**
 * A {@link MetricContext} whose rows also carry a group id (any non-negative integer, e.g. the
 * kind of input an example comes from). A miner that respects groups draws each anchor's
 * negatives only from reference rows of the anchor's own group, so the negatives it ranks are
 * the ones a model cannot already tell apart by group. Positives are not restricted.
 */
export interface GroupedContext extends MetricContext {
  /** Group of each query row, length N. */
  readonly groups: Int32Array;
  /** Group of each reference row, length M. */
  readonly refGroups: Int32Array;
}

/** The context's groups, or null when it carries none. */
export function contextGroups(
  ctx: MetricContext,
): { groups: Int32Array; refGroups: Int32Array } | null {
  const grouped = ctx as Partial<GroupedContext>;
  return grouped.groups && grouped.refGroups
    ? { groups: grouped.groups, refGroups: grouped.refGroups }
    : null;
}

/**
 * Checks `groups` (and `refGroups`, default `groups` when the context is its own reference)
 * against the context's row counts and returns the context with them attached.
 */
export function withGroups(ctx: MetricContext, groups: Labels, refGroups?: Labels): GroupedContext {
  const own = toLabelArray(groups, "groups");
  if (own.length !== ctx.labels.length) {
    throw new MetricLearningError(
      "INVALID_LABELS",
      "groups",
      `${own.length} groups for ${ctx.labels.length} embeddings`,
    );
  }
  let ref: Int32Array;
  if (refGroups !== undefined) ref = toLabelArray(refGroups, "refGroups");
  else if (ctx.ref === ctx.embeddings) ref = own;
  else
    throw new MetricLearningError(
      "INVALID_REFERENCE",
      "refGroups",
      "a reference set needs its own groups (refGroups)",
    );
  if (ref.length !== ctx.refLabels.length) {
    throw new MetricLearningError(
      "INVALID_REFERENCE",
      "refGroups",
      `${ref.length} groups for ${ctx.refLabels.length} reference embeddings`,
    );
  }
  return { ...ctx, groups: own, refGroups: ref };
}
