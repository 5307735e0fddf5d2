/**
 * The seams of this package: what re-models and the CLI build on.
 * Extend additively; do not rename fields without updating re-models.
 */

/** One mention of a concept in the document text. */
export interface Mention {
  annotationId: string;
  text: string;
  /** Document-level character offsets, end exclusive. */
  start: number;
  end: number;
  passageIndex: number;
}

/** An entity concept: all mentions of one normalized identifier of one type in a document. */
export interface EntityConcept {
  /** Unique within its document (the identifier, disambiguated by type if needed). */
  key: string;
  /** Normalized identifier as relations name it (e.g. MeSH `D003920`, NCBI Gene `7157`). */
  identifier: string;
  /** Entity type, e.g. `GeneOrGeneProduct`. */
  type: string;
  mentions: Mention[];
}

/** An unordered pair of distinct concepts of one document, with its gold label. */
export interface CandidatePair {
  documentId: string;
  head: EntityConcept;
  tail: EntityConcept;
  /** A relation type, or `None`. */
  label: string;
  /** Novelty of a positive pair (`true` = Novel); `null` for `None` pairs or when unknown. */
  novel: boolean | null;
}

/**
 * One document encoded once for all of its candidate pairs (typed arrays only).
 * T tokens, C concepts, M mentions, P pairs, F pair features.
 */
export interface EncodedDocument {
  documentId: string;
  /** [T] token ids (0 = padding, never used inside a document). */
  tokenIds: Int32Array;
  /** [T] entity-type id of the mention covering the token, 0 when none. */
  entityTypeIds: Int32Array;
  /** [T] sentence index of each token. */
  sentenceIds: Int32Array;
  /** [C] entity-type id per concept. */
  conceptTypeIds: Int32Array;
  /** [M] token span of each mention, end exclusive, and the concept it belongs to. */
  mentionStart: Int32Array;
  mentionEnd: Int32Array;
  mentionConcept: Int32Array;
  /** [P] concept indices of each candidate pair. */
  pairHead: Int32Array;
  pairTail: Int32Array;
  /** [P * F] row-major pair features. */
  pairFeatures: Float32Array;
  /** [P] label id in the LabelSpace (0 = None). */
  labelIds: Int32Array;
  /** [P] 1 = Novel, 0 = not novel, -1 = not applicable (None pair or unknown). */
  novelIds: Int32Array;
  /**
   * [P] id of the unordered entity-type pair of each pair (`EntityTypeSpace.pairId`:
   * lo * numTypes + hi). Always set by `buildDataset`; optional for hand-built documents.
   */
  pairTypeIds?: Int32Array;
  /** Tokens of the whole document before truncation to `maxTokens` (>= tokenIds.length). */
  tokenCount?: number;
}

/**
 * Several documents padded to the same length: B documents, T max tokens.
 * Mentions, concepts and pairs are flattened over the batch with indices into it.
 */
export interface EncodedBatch {
  batchSize: number;
  maxTokens: number;
  numPairFeatures: number;
  /** [B * T] padded token ids and 1/0 mask. */
  tokenIds: Int32Array;
  mask: Float32Array;
  entityTypeIds: Int32Array;
  /** Total concepts in the batch (C). */
  numConcepts: number;
  /** [M] batch row, token span (end exclusive) and batch-level concept index of each mention. */
  mentionRow: Int32Array;
  mentionStart: Int32Array;
  mentionEnd: Int32Array;
  mentionConcept: Int32Array;
  /** [P] batch-level concept indices of each pair and its document row. */
  pairRow: Int32Array;
  pairHead: Int32Array;
  pairTail: Int32Array;
  /** [P * F] */
  pairFeatures: Float32Array;
  /** [P] */
  labelIds: Int32Array;
  novelIds: Int32Array;
  /** [P] entity-type pair id of each pair (see EncodedDocument.pairTypeIds); 0 where a document lacked it. */
  pairTypeIds?: Int32Array;
  /** [B * T] sentence index of each token within its document (0 for padding). */
  sentenceIds?: Int32Array;
  /** [B] number of concepts per row (concepts of row b start at the sum of earlier rows). */
  conceptsPerRow?: Int32Array;
  /** [C] entity-type id of each batch-level concept. */
  conceptTypeIds?: Int32Array;
}
