import type { EncodedBatch, EncodedDocument } from "../types.js";
import { RelationDatasetError } from "../warnings.js";
import { collate } from "./collate.js";

/** Every pair of a list of documents, flattened: its document, its index there, its label. */
export interface FlatPairIndex {
  documentOf: Int32Array;
  pairOf: Int32Array;
  labelIds: Int32Array;
}

/** Flattens the pairs of documents so a sampler over `labelIds` (e.g. MPerClassSampler) can pick pairs. */
export function flatPairIndex(documents: readonly EncodedDocument[]): FlatPairIndex {
  const total = documents.reduce((n, d) => n + d.pairHead.length, 0);
  const index: FlatPairIndex = {
    documentOf: new Int32Array(total),
    pairOf: new Int32Array(total),
    labelIds: new Int32Array(total),
  };
  let at = 0;
  documents.forEach((d, doc) => {
    for (let p = 0; p < d.pairHead.length; p++, at++) {
      index.documentOf[at] = doc;
      index.pairOf[at] = p;
      index.labelIds[at] = d.labelIds[p]!;
    }
  });
  return index;
}

/**
 * A batch holding exactly the chosen flat pairs (indices into `index`), each document's text
 * once: rows are the documents in order of first appearance. `pairSource[i]` is the flat index
 * of batch pair i.
 */
export function collatePairs(
  documents: readonly EncodedDocument[],
  index: FlatPairIndex,
  chosen: ArrayLike<number>,
): { batch: EncodedBatch; documentIndices: number[]; pairSource: Int32Array } {
  const rowOf = new Map<number, number>();
  const subsets: number[][] = [];
  const sources: number[][] = [];
  for (let i = 0; i < chosen.length; i++) {
    const flat = chosen[i]!;
    const doc = index.documentOf[flat];
    if (doc === undefined) {
      throw new RelationDatasetError(
        "INVALID_ARGUMENT",
        `flat pair index ${flat} outside 0..${index.documentOf.length - 1}`,
      );
    }
    let row = rowOf.get(doc);
    if (row === undefined) {
      row = subsets.length;
      rowOf.set(doc, row);
      subsets.push([]);
      sources.push([]);
    }
    subsets[row]!.push(index.pairOf[flat]!);
    sources[row]!.push(flat);
  }
  const documentIndices = [...rowOf.keys()];
  const batch = collate(
    documentIndices.map((d) => documents[d]!),
    { pairSubsets: subsets },
  );
  return { batch, documentIndices, pairSource: Int32Array.from(sources.flat()) };
}
