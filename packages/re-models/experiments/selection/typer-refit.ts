// The linear typer refitted on the fit documents and the selection slice together, at the L2 the
// slice chose (round 5.6, summaries/typer-refit-round56.md). The slice's scores keep the typer
// that never fitted them, so the None bias is still tuned out of sample; only the evaluation set
// is fused with the refit (`fuseWithTyper`'s `evaluationTyper`).
import {
  type LinearTyper,
  type TyperInputs,
  fitLinearTyper,
  typerInputs,
} from "../../src/typer/index.js";
import type { SplitWithTyper } from "./split-typer.js";

/** Two sets of typer inputs as one, rows in order. */
function joinedInputs(a: TyperInputs, b: TyperInputs): TyperInputs {
  return {
    features: [...a.features, ...b.features],
    typePairs: [...a.typePairs, ...b.typePairs],
    labelIds: Int32Array.from([...a.labelIds, ...b.labelIds]),
    options: a.options,
  };
}

// every run of a split shares its refit (the reader shares the split object)
const refits = new WeakMap<SplitWithTyper, LinearTyper>();

/** The split's typer refitted on its fit and selection documents at the slice's chosen L2. */
export function refitTyper(split: SplitWithTyper): LinearTyper {
  const known = refits.get(split);
  if (known) return known;
  const { fit, fitDocuments } = split.split;
  const { typer } = fitLinearTyper(joinedInputs(typerInputs(fit, fitDocuments), split.selection), {
    labels: fit.labelSpace.labels,
    l2: split.typer.l2,
  });
  refits.set(split, typer);
  return typer;
}
