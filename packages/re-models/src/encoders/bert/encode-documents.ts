import type { BioCDocument } from "@biore/bioc-io";
import {
  type DatasetWarning,
  type EntityTypeSpace,
  type LabelSpace,
  type PairFilterOption,
  type RelationDataset,
  type RelationSchema,
  type TypeMapping,
  buildCandidates,
  encodeDocument,
  layoutDocument,
  summarizeLengths,
} from "@biore/relation-dataset";
import { type MarkerIds, entityMarkerTokens, insertEntityMarkers } from "./markers.js";
import type { WordPieceTokenizer } from "./tokenizer.js";

/** Options of {@link encodeWithWordPieces}. */
export interface WordPieceEncodeOptions {
  /** The checkpoint's tokenizer, entity markers added (`withEntityMarkers`). */
  tokenizer: WordPieceTokenizer;
  labelSpace: LabelSpace;
  entityTypes: EntityTypeSpace;
  schema?: RelationSchema;
  /** Candidate pairs, as relation-dataset's `buildDataset` (default: all pairs). */
  pairFilter?: PairFilterOption;
  /** Wordpieces kept per document before markers (default 4096; longer ones are truncated with a warning). */
  maxTokens?: number;
  /** Renames the input's entity types to the model's (e.g. CDR's `Chemical`). */
  typeMap?: TypeMapping;
  /** Wrap mentions in typed entity markers (default true). */
  markers?: boolean;
  onWarning?: (warning: DatasetWarning) => void;
}

/** The tokenizer with one start and one end marker per entity type added as special tokens. */
export function withEntityMarkers(
  tokenizer: WordPieceTokenizer,
  entityTypes: EntityTypeSpace,
): WordPieceTokenizer {
  return tokenizer.withAddedTokens(
    entityMarkerTokens(entityTypes).flatMap((m) => [m.start, m.end]),
  );
}

/** Marker ids of a tokenizer that has the entity types' markers. */
export function markerIds(tokenizer: WordPieceTokenizer, entityTypes: EntityTypeSpace): MarkerIds {
  const tokens = entityMarkerTokens(entityTypes);
  const id = (token: string) => {
    const value = tokenizer.tokenId(token);
    if (value === undefined)
      throw new RangeError(
        `the tokenizer has no entity marker ${token}; call withEntityMarkers first`,
      );
    return value;
  };
  return {
    start: Int32Array.from(tokens, (m) => id(m.start)),
    end: Int32Array.from(tokens, (m) => id(m.end)),
  };
}

/** What {@link encodeWithWordPieces} gives: relation-dataset's dataset fields, wordpiece-encoded. */
export type WordPieceDataset = Omit<RelationDataset, "tokenizer"> & {
  wordPieces: WordPieceTokenizer;
};

/**
 * Encodes BioC documents for a BERT-family encoder: the same concepts, candidate pairs,
 * labels and pair features as relation-dataset's `buildDataset`, but with the checkpoint's
 * wordpieces. Each BioC word (a span that never crosses a mention boundary) is tokenized on
 * its own, so every mention maps to exactly the wordpieces of its characters; then typed
 * entity markers wrap each mention. No [CLS]/[SEP]: the encoder frames its windows itself.
 */
export function encodeWithWordPieces(
  documents: Iterable<BioCDocument>,
  options: WordPieceEncodeOptions,
): WordPieceDataset {
  const candidates = buildCandidates(documents, {
    ...(options.schema ? { schema: options.schema } : {}),
    ...(options.typeMap ? { typeMap: options.typeMap } : {}),
    knownTypes: options.entityTypes.names.slice(1),
    pairFilter: options.pairFilter ?? "all",
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  // Encoding warnings join the candidates' (as in buildDataset).
  const { warnings } = candidates;
  const warn = (w: DatasetWarning) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  const markers =
    options.markers === false ? undefined : markerIds(options.tokenizer, options.entityTypes);
  const context = {
    tokenizer: options.tokenizer,
    entityTypes: options.entityTypes,
    labelSpace: options.labelSpace,
    maxTokens: options.maxTokens ?? 4096,
    warn,
  };
  const lengths: number[] = [];
  const truncated = { documents: 0, mentions: 0, pairs: 0 };
  const unknownLabels: Record<string, number> = {};
  const encoded = candidates.documents.map((document, i) => {
    const concepts = candidates.concepts[i]!;
    const layout = layoutDocument(document, concepts.mentions);
    const result = encodeDocument(document, concepts, candidates.pairs[i]!, context, layout);
    lengths.push(result.tokenCount);
    if (result.tokenCount > result.encoded.tokenIds.length) truncated.documents++;
    truncated.mentions += result.truncatedMentions;
    truncated.pairs += result.truncatedPairs;
    for (const label of result.unknownLabels)
      unknownLabels[label] = (unknownLabels[label] ?? 0) + 1;
    return markers ? insertEntityMarkers(result.encoded, markers) : result.encoded;
  });
  const warningsByCode: Record<string, number> = {};
  for (const w of warnings) warningsByCode[w.code] = (warningsByCode[w.code] ?? 0) + 1;
  return {
    schema: candidates.schema,
    documents: encoded,
    pairs: candidates.pairs.map((p) => p.pairs),
    concepts: candidates.concepts.map((c) => c.concepts),
    wordPieces: options.tokenizer,
    labelSpace: options.labelSpace,
    entityTypes: options.entityTypes,
    allowedTypePairs: candidates.allowedTypePairs,
    maxTokens: context.maxTokens,
    report: {
      ...candidates.report,
      tokenLengths: summarizeLengths(lengths),
      truncated,
      unknownLabels,
      warningsByCode,
    },
    warnings,
  };
}
