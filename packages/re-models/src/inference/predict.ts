import type { BioCDocument, BioCRelation } from "@biore/bioc-io";
import { NONE_LABEL } from "@biore/relation-dataset";
import type { RelationModel } from "../model/relation-model.js";
import { decide } from "./decision.js";
import { type EncodeForModelOptions, type EncodedDataset, encodeForModel } from "./encode.js";
import { modelTyperInputs } from "./typer-inputs.js";

/** Options of {@link predict}. */
export interface PredictOptions extends EncodeForModelOptions {
  /** Documents per forward pass (default 8). */
  batchSize?: number;
  /** Keep the documents' existing relations and append predictions (default false: replace them). */
  keepExisting?: boolean;
  /** An already encoded dataset of the same documents (skips encoding). */
  dataset?: EncodedDataset;
}

/** One predicted relation, with the scores behind it. */
export interface PredictedRelation {
  documentId: string;
  entity1: string;
  entity2: string;
  type: string;
  novel: boolean;
  /** Probability of the predicted type. */
  score: number;
}

/** What {@link predict} returns. */
export interface PredictResult {
  /** Copies of the input documents with predicted relations written as BioC relations. */
  documents: BioCDocument[];
  /** The same predictions as plain records. */
  relations: PredictedRelation[];
}

/**
 * Predicts document-level relations and writes them back as BioC relations
 * with infons `entity1`, `entity2`, `type`, `novel` (`Novel`|`No`) and `score`
 * (the input documents are not modified). A model with a linear typer attached reads the
 * documents' text for it too.
 */
export function predict(
  model: RelationModel,
  documents: readonly BioCDocument[],
  options: PredictOptions = {},
): PredictResult {
  const dataset = options.dataset ?? encodeForModel(model, documents, options);
  const typer = modelTyperInputs(model, dataset, documents);
  const scores = model.score(dataset.documents, {
    batchSize: options.batchSize ?? 8,
    ...(typer ? { typer } : {}),
  });
  const decisions = decide(scores, model.decision);
  const relations: PredictedRelation[] = [];
  const byDocument = new Map<string, BioCRelation[]>();
  let offset = 0;
  dataset.pairs.forEach((pairs, d) => {
    const documentId = dataset.documents[d]?.documentId ?? "";
    const found: BioCRelation[] = [];
    pairs.forEach((pair, p) => {
      const q = offset + p;
      const label = decisions.labelIds[q] as number;
      if (label === 0) return;
      const type = model.labelSpace.label(label);
      if (type === NONE_LABEL) return;
      const record: PredictedRelation = {
        documentId,
        entity1: pair.head.identifier,
        entity2: pair.tail.identifier,
        type,
        novel: decisions.novel[q] === 1,
        score: decisions.scores[q] as number,
      };
      relations.push(record);
      found.push({
        id: `R${found.length}`,
        infons: {
          type,
          entity1: record.entity1,
          entity2: record.entity2,
          novel: record.novel ? "Novel" : "No",
          score: record.score.toFixed(4),
        },
        nodes: [],
      });
    });
    offset += pairs.length;
    byDocument.set(documentId, found);
  });
  const out = documents.map((doc) => {
    const predicted = byDocument.get(doc.id) ?? [];
    const kept = options.keepExisting ? doc.relations : [];
    const renumbered = options.keepExisting
      ? predicted.map((r, i) => ({ ...r, id: `R${kept.length + i}` }))
      : predicted;
    return { ...doc, relations: [...kept, ...renumbered] };
  });
  return { documents: out, relations };
}
