// An ensemble as one RelationModel: logit averaging behind the model's own face, so predict,
// evaluateRun, embed and a loaded ensemble folder need no code of their own.
import { ModelError } from "../errors.js";
import type { DecisionRule, PairScores, RelationModel } from "./relation-model.js";

/**
 * The mean of several models' scores of the same candidate pairs (logit averaging). Refuses
 * scores of different pairs: members must share the documents and their encoding. Embeddings,
 * when present, are the first part's (separately trained models' spaces cannot be averaged).
 */
export function averageScores(parts: readonly PairScores[]): PairScores {
  const first = parts[0];
  if (!first) throw new ModelError("INVALID_INPUT", "an ensemble needs at least one member");
  for (const [m, part] of parts.entries()) {
    const same =
      part.numPairs === first.numPairs &&
      part.numLabels === first.numLabels &&
      part.labelIds.every((id, i) => id === first.labelIds[i]);
    if (!same) {
      throw new ModelError(
        "INVALID_INPUT",
        `ensemble member ${m} scored other pairs than member 0 (${part.numPairs} vs ${first.numPairs} pairs): members must share the documents, held-out slice and label space`,
      );
    }
  }
  const mean = (key: "relationLogits" | "noveltyLogits") => {
    const sum = new Float64Array(first[key].length); // float64: masked logits are ~ -1e4
    for (const part of parts) {
      const values = part[key];
      for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + (values[i] as number);
    }
    return Float32Array.from(sum, (total) => total / parts.length);
  };
  return {
    ...first,
    relationLogits: mean("relationLogits"),
    noveltyLogits: mean("noveltyLogits"),
  };
}

/**
 * One model's face of an ensemble, for everything that takes a `RelationModel` (`predict`,
 * `evaluateRun`, `embed`): `score` returns the members' mean logits, `decision` is the
 * ensemble's own rule, everything else (config, label space, preprocessing) is the first
 * member's. Asked for embeddings, it returns the first member's. Never dispose the view:
 * dispose the members (a view `loadModel` returns for an ensemble folder owns its members, and
 * its `dispose` frees them all).
 */
export function ensembleView(
  members: readonly RelationModel[],
  decision?: DecisionRule,
): RelationModel {
  const [first, ...rest] = members;
  if (!first) throw new ModelError("INVALID_INPUT", "an ensemble needs at least one member");
  const view = Object.create(first) as RelationModel;
  MEMBERS.set(view, [...members]);
  view.decision = decision ?? first.decision;
  // the members' network scores are averaged, then the view's typer (the first member's unless
  // one is attached to the view) is fused once: fusion is linear, so this equals averaging
  // members fused with the same typer
  view.score = (documents, options = {}) => {
    const network = { ...options, networkOnly: true };
    const mean = averageScores([
      first.score(documents, network),
      ...rest.map((m) => m.score(documents, { ...network, embeddings: false })),
    ]);
    return options.networkOnly ? mean : view.fuseTyper(mean, options.typer);
  };
  return view;
}

/**
 * An {@link ensembleView} that owns its members: its `dispose` frees every one (what
 * `loadModel` returns for an ensemble folder, and `trainEnsemble` for n > 1).
 */
export function owningEnsembleView(
  members: readonly RelationModel[],
  decision?: DecisionRule,
): RelationModel {
  const view = ensembleView(members, decision);
  view.dispose = () => {
    for (const member of members) member.dispose();
  };
  return view;
}

const MEMBERS = new WeakMap<RelationModel, readonly RelationModel[]>();

/** The members behind an {@link ensembleView}, in order; undefined for a plain model. */
export function ensembleMembers(model: RelationModel): readonly RelationModel[] | undefined {
  return MEMBERS.get(model);
}
