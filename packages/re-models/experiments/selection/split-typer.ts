// The linear typer of a selection split (fitted on the fit documents' gold pairs, L2 chosen on the
// selection slice) and the typer inputs of its three parts: what every run and every reading of a
// saved run of the split fuses with.
import {
  type LinearTyper,
  type TyperInputs,
  fitLinearTyper,
  typerInputs,
} from "../../src/typer/index.js";
import type { ScoredSet } from "./epoch-scoring.js";
import type { SelectionSplit } from "./split.js";

/** One split, its typer and the typer's inputs; every run of the same split shares them. */
export interface SplitWithTyper {
  split: SelectionSplit;
  typer: LinearTyper;
  selection: TyperInputs;
  evaluation: TyperInputs;
}

/** Fits the split's typer (`log` hears its L2 search). */
export function withTyper(split: SelectionSplit, log: (line: string) => void): SplitWithTyper {
  const selection = typerInputs(split.selection, split.selectionDocuments);
  const { typer } = fitLinearTyper(typerInputs(split.fit, split.fitDocuments), {
    labels: split.fit.labelSpace.labels,
    heldOut: selection,
    log,
  });
  return {
    split,
    typer,
    selection,
    evaluation: typerInputs(split.evaluation, split.evaluationDocuments),
  };
}

/** The selection slice and the evaluation set as `epochScorer` reads them. */
export function scoredSets({ split, selection, evaluation }: SplitWithTyper): {
  selection: ScoredSet;
  evaluation: ScoredSet;
} {
  return {
    selection: { data: split.selection, documents: split.selectionDocuments, typer: selection },
    evaluation: { data: split.evaluation, documents: split.evaluationDocuments, typer: evaluation },
  };
}
