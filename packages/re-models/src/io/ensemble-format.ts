// The saved ensemble's own file and the rules its members must agree on. A saved ensemble is a
// folder of member model folders (each a complete saveModel folder) plus ensemble.json, under a
// manifest of its own: ensemble.json holds the SHA-256 of every member's manifest.json, and each
// of those the SHA-256 of its member's files, so the top manifest vouches for the whole tree.
import type { DecisionRule, RelationModel } from "../model/relation-model.js";

/** The ensemble's description inside a saved ensemble folder (beside `manifest.json`). */
export const ENSEMBLE_FILE = "ensemble.json";
/** The `format` field of ensemble.json. */
export const ENSEMBLE_FORMAT = "biore-relation-ensemble";
export const ENSEMBLE_FORMAT_VERSION = 1;

/** One member's entry in ensemble.json. */
export interface EnsembleMemberEntry {
  /** The member's folder, a plain name inside the ensemble folder (`member-1`, ...). */
  folder: string;
  /** SHA-256 of the member's manifest.json, as saved. */
  manifestSha256: string;
}

/** Contents of ensemble.json. */
export interface EnsembleJson {
  format: typeof ENSEMBLE_FORMAT;
  version: typeof ENSEMBLE_FORMAT_VERSION;
  /** In order: the first member's embeddings, config and typer are the ensemble's. */
  members: EnsembleMemberEntry[];
  /** The ensemble's own decision rule, tuned on the averaged scores. */
  decision: DecisionRule;
}

/** Folder name of member `index` (0-based) inside a saved ensemble. */
export function memberFolder(index: number): string {
  return `member-${index + 1}`;
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/**
 * What `other` reads or decides differently from `first`, or undefined when the two can be
 * averaged: the same labels, the same encoding of documents (tokenizer or wordpieces, entity
 * types, schema, pair filter, token limit) and both with a linear typer or both without.
 */
export function memberDisagreement(first: RelationModel, other: RelationModel): string | undefined {
  const a = first.preprocessing;
  const b = other.preprocessing;
  const checks: [string, unknown, unknown][] = [
    ["label space", first.labelSpace.labels, other.labelSpace.labels],
    ["tokenizer", a.tokenizer?.toJSON(), b.tokenizer?.toJSON()],
    ["wordpieces", a.wordPieces?.files, b.wordPieces?.files],
    ["entity types", a.entityTypes?.toJSON(), b.entityTypes?.toJSON()],
    ["relation schema", a.schema, b.schema],
    ["candidate pair filter (allowedTypePairs)", a.allowedTypePairs, b.allowedTypePairs],
    ["token limit (maxTokens)", a.maxTokens, b.maxTokens],
    ["presence of a linear typer", first.typer !== undefined, other.typer !== undefined],
  ];
  for (const [what, x, y] of checks) if (json(x) !== json(y)) return what;
  return undefined;
}
