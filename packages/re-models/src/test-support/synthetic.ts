import { type EncodedDocument, LabelSpace } from "@biore/relation-dataset";
import { type CreateModelOptions, createModel } from "../model/create.js";
import type { RelationModel } from "../model/relation-model.js";
import { createRng } from "../random.js";

/** Small synthetic corpus for tests: random tokens, 4 concepts of 2 mentions each, random labels. */
export interface SyntheticCorpus {
  documents: EncodedDocument[];
  labelSpace: LabelSpace;
  vocabSize: number;
  numEntityTypes: number;
  numPairFeatures: number;
}

/** `count` documents with every concept pair labelled at random (seeded). */
export function syntheticCorpus(count: number, seed: number): SyntheticCorpus {
  const rng = createRng(seed);
  const int = (n: number) => Math.floor(rng() * n);
  const labelSpace = new LabelSpace(["Association", "Bind"]);
  const vocabSize = 60;
  const numEntityTypes = 4;
  const numPairFeatures = 2;
  const documents: EncodedDocument[] = [];
  for (let d = 0; d < count; d++) {
    const length = 24 + int(16);
    const tokenIds = Int32Array.from({ length }, () => 1 + int(vocabSize - 1));
    const entityTypeIds = new Int32Array(length);
    const sentenceIds = Int32Array.from({ length }, (_, i) => Math.floor(i / 10));
    const concepts = 4;
    const conceptTypeIds = Int32Array.from({ length: concepts }, () => 1 + int(numEntityTypes - 1));
    const mentionStart: number[] = [];
    const mentionEnd: number[] = [];
    const mentionConcept: number[] = [];
    for (let c = 0; c < concepts; c++) {
      for (let k = 0; k < 2; k++) {
        const start = (c * 2 + k) * 3;
        mentionStart.push(start);
        mentionEnd.push(start + 2);
        mentionConcept.push(c);
        for (let i = start; i < start + 2; i++) entityTypeIds[i] = conceptTypeIds[c] as number;
      }
    }
    const pairHead: number[] = [];
    const pairTail: number[] = [];
    const features: number[] = [];
    const labelIds: number[] = [];
    const novelIds: number[] = [];
    for (let h = 0; h < concepts; h++) {
      for (let t = h + 1; t < concepts; t++) {
        pairHead.push(h);
        pairTail.push(t);
        features.push(int(2), (t - h) / 4);
        const label = int(labelSpace.size);
        labelIds.push(label);
        novelIds.push(label === 0 ? -1 : int(2));
      }
    }
    documents.push({
      documentId: `doc${d}`,
      tokenIds,
      entityTypeIds,
      sentenceIds,
      conceptTypeIds,
      mentionStart: Int32Array.from(mentionStart),
      mentionEnd: Int32Array.from(mentionEnd),
      mentionConcept: Int32Array.from(mentionConcept),
      pairHead: Int32Array.from(pairHead),
      pairTail: Int32Array.from(pairTail),
      pairFeatures: Float32Array.from(features),
      labelIds: Int32Array.from(labelIds),
      novelIds: Int32Array.from(novelIds),
    });
  }
  return { documents, labelSpace, vocabSize, numEntityTypes, numPairFeatures };
}

/** A tiny shape so tests train in seconds. */
export const TINY_SHAPE = {
  embeddingDim: 16,
  hiddenDim: 16,
  dilations: [1, 2],
  separable: true,
  pairContext: true,
  betweenContext: true,
  pairHiddenDim: 32,
  pairEmbeddingDim: 16,
  typePairDim: 4,
  projectionDim: 8,
  dropout: 0,
};

/** A model of {@link TINY_SHAPE} (with `options.shape` on top) sized for `corpus`: what most tests train. */
export function syntheticModel(
  corpus: SyntheticCorpus,
  seed: number,
  options: Omit<CreateModelOptions, "labelSpace" | "numPairFeatures" | "seed"> = {},
): RelationModel {
  return createModel({
    vocabSize: corpus.vocabSize,
    numEntityTypes: corpus.numEntityTypes,
    ...options,
    shape: { ...TINY_SHAPE, ...options.shape },
    seed,
    labelSpace: corpus.labelSpace,
    numPairFeatures: corpus.numPairFeatures,
  });
}
