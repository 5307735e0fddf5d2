// What the linear typer reads of every candidate pair: its sparse feature names and its
// entity-type pair, in the order the model scores pairs (documents, then pairs), so the
// typer's log-probabilities line up row for row with `RelationModel.score`.
import type { BioCDocument } from "@biore/bioc-io";
import { type RelationDataset, typePairKey } from "@biore/relation-dataset";
import { ModelError } from "../errors.js";
import { type PairFeatureOptions, documentWords, pairFeatures } from "./features.js";

/** The typer's view of every candidate pair of some documents, in score order. */
export interface TyperInputs {
  /** Feature names of each pair (binary: present or not). */
  features: string[][];
  /** Entity-type pair key (`typePairKey`) of each pair. */
  typePairs: string[];
  /** Gold label id of each pair (0 = None or a label outside the label space; what the typer is fitted on). */
  labelIds: Int32Array;
  /** The feature groups these were computed with (a typer reads only its own). */
  options: Required<PairFeatureOptions>;
}

/** The feature groups with every optional one spelled out (off unless asked for). */
export function featureOptionsOf(options: PairFeatureOptions = {}): Required<PairFeatureOptions> {
  return { typedWords: options.typedWords === true, sentenceWords: options.sentenceWords === true };
}

/**
 * The typer's inputs for every candidate pair of an encoded dataset. `documents` are the BioC
 * documents the dataset was built from, in the same order: the typer reads their text (the
 * encoded tokens are truncated and, for a pretrained encoder, wordpieces).
 */
export function typerInputs(
  dataset: Pick<RelationDataset, "pairs" | "concepts" | "documents" | "labelSpace">,
  documents: readonly BioCDocument[],
  options: PairFeatureOptions = {},
): TyperInputs {
  // by position when the documents line up with the encoded ones, else by id
  const byId = new Map<string, BioCDocument>();
  for (const document of documents) if (!byId.has(document.id)) byId.set(document.id, document);
  const aligned = documents.length === dataset.documents.length;
  const features: string[][] = [];
  const typePairs: string[] = [];
  const labels: number[] = [];
  const full = featureOptionsOf(options);
  // labels outside the label space (documents to predict may carry any) read as None here
  const labelIds = new Map(dataset.labelSpace.labels.map((label, id) => [label, id]));
  dataset.pairs.forEach((pairs, d) => {
    const encodedId = dataset.documents[d]?.documentId ?? "";
    const document = aligned && documents[d]?.id === encodedId ? documents[d] : byId.get(encodedId);
    if (!document) {
      throw new ModelError(
        "INVALID_INPUT",
        `the typer reads the BioC text of encoded document ${JSON.stringify(encodedId)}, which is not among the documents given`,
        encodedId,
      );
    }
    if (pairs.length === 0) return;
    const words = documentWords(document, dataset.concepts[d] ?? []);
    for (const pair of pairs) {
      features.push(pairFeatures(words, pair, full));
      typePairs.push(typePairKey(pair.head.type, pair.tail.type));
      labels.push(labelIds.get(pair.label) ?? 0);
    }
  });
  return { features, typePairs, labelIds: Int32Array.from(labels), options: full };
}
