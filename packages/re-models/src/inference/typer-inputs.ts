import type { BioCDocument } from "@biore/bioc-io";
import type { RelationModel } from "../model/relation-model.js";
import { type TyperInputs, typerInputs } from "../typer/inputs.js";
import type { EncodedDataset } from "./encode.js";

/**
 * The typer inputs `model.score` needs for an encoded dataset when the model fuses a linear
 * typer (computed with the typer's own feature groups), else undefined: the one place that
 * decides whether BioC text must be read for scoring.
 */
export function modelTyperInputs(
  model: RelationModel,
  dataset: Pick<EncodedDataset, "pairs" | "concepts" | "documents" | "labelSpace">,
  documents: readonly BioCDocument[],
): TyperInputs | undefined {
  if (!model.readsTyperInputs || !model.typer) return undefined;
  return typerInputs(dataset, documents, model.typer.typer.featureOptions);
}
