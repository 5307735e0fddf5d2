import { type BioCDocument, allRelations } from "@biore/bioc-io";
import { NONE_LABEL } from "./constants.js";
import { type DocumentConcepts, buildConcepts } from "./concepts.js";
import { encodeDocument } from "./encoding/encode-document.js";
import { EntityTypeSpace } from "./entity-types.js";
import { LabelSpace } from "./label-space.js";
import { CandidateBuilder } from "./candidate-builder.js";
import { type DocumentPairs, type PairFilter, candidatePairs, typePairKey } from "./pairs.js";
import { type DatasetReport, ReportBuilder } from "./report.js";
import { type RelationSchema, detectSchema } from "./schema.js";
import { type DocumentLayout, layoutDocument } from "./text/layout.js";
import { Tokenizer, type TokenizerFitOptions } from "./tokenizer.js";
import type { TypeMapping } from "./type-mapping.js";
import type { CandidatePair, EncodedDocument, EntityConcept } from "./types.js";
import type { DatasetWarning, WarningHandler } from "./warnings.js";

/**
 * Which concept pairs become candidates: all but the type pairs BioRED's evaluation never scores
 * (`UNSCORED_TYPE_PAIRS`), only the entity-type pairs seen in these documents' gold relations
 * (training; never an unscored one), a given set of type-pair keys (`typePairKey`), or any
 * predicate (`ALL_PAIRS` keeps every pair).
 */
export type PairFilterOption = "all" | "seen-type-pairs" | ReadonlySet<string> | PairFilter;

/** Options of {@link buildDataset}. */
export interface BuildDatasetOptions {
  /** Corpus conventions; detected from the documents when absent. */
  schema?: RelationSchema;
  /** Reused unchanged when given (dev/test); fitted on these documents otherwise. */
  tokenizer?: Tokenizer;
  tokenizerOptions?: TokenizerFitOptions;
  labelSpace?: LabelSpace;
  entityTypes?: EntityTypeSpace;
  /** Longer documents are truncated with a warning. Default 512. */
  maxTokens?: number;
  pairFilter?: PairFilterOption;
  onWarning?: WarningHandler;
  /** Renames entity types as they are read (e.g. CDR's `Chemical` to BioRED's `ChemicalEntity`). */
  typeMap?: TypeMapping;
  /** Types the model knows, for `report.unknownEntityTypes`; default: `entityTypes` when given. */
  knownTypes?: Iterable<string>;
}

/** Encoded documents with their pairs, the fitted (or reused) vocabularies, and the accounting. */
export interface RelationDataset {
  schema: RelationSchema;
  documents: EncodedDocument[];
  /** `pairs[d][p]` is the pair of `documents[d].pairHead[p]` / `pairTail[p]`. */
  pairs: CandidatePair[][];
  concepts: EntityConcept[][];
  tokenizer: Tokenizer;
  labelSpace: LabelSpace;
  entityTypes: EntityTypeSpace;
  /** The type pairs allowed by the pair filter, when it was "seen-type-pairs" or a set; else null. */
  allowedTypePairs: ReadonlySet<string> | null;
  /** The token limit documents were encoded with (a model built for the dataset keeps it). */
  maxTokens: number;
  report: DatasetReport;
  warnings: DatasetWarning[];
}

/**
 * Default `maxTokens`: long enough that no BioRED abstract is cut. At 512, 8 of BioRED Dev's 100
 * documents (p95 534 tokens, max 680 with a Train vocabulary's sub-word pieces) lost their ends,
 * and 16 of its 1,161 gold relations a concept the model could read.
 */
export const DEFAULT_MAX_TOKENS = 1024;

/**
 * Turns BioC documents into encoded, labelled candidate pairs. Vocabularies absent from the
 * options are fitted on these documents (so call it on the training set first, then pass the
 * training dataset's `tokenizer`, `labelSpace`, `entityTypes` for dev and test).
 */
export function buildDataset(
  input: Iterable<BioCDocument>,
  opts: BuildDatasetOptions = {},
): RelationDataset {
  const knownTypes = opts.knownTypes ?? opts.entityTypes?.names.slice(1);
  const candidates = buildCandidates(input, { ...opts, ...(knownTypes ? { knownTypes } : {}) });
  const { documents, schema, warnings } = candidates;
  const warn = (w: DatasetWarning): void => {
    warnings.push(w);
    opts.onWarning?.(w);
  };
  const conceptsOf = candidates.concepts;
  const pairsOf = candidates.pairs;
  const labelSpace = opts.labelSpace ?? new LabelSpace(relationTypes(documents, schema));
  const entityTypes =
    opts.entityTypes ??
    new EntityTypeSpace(conceptsOf.flatMap((c) => c.mentions.map((m) => m.type)));
  const layouts = documents.map((d, i) => layoutDocument(d, conceptsOf[i]!.mentions));
  const tokenizer = opts.tokenizer ?? Tokenizer.fit(allWords(layouts), opts.tokenizerOptions ?? {});
  const maxTokens = opts.maxTokens ?? DEFAULT_MAX_TOKENS;

  const report = new ReportBuilder();
  const encoded: EncodedDocument[] = [];
  documents.forEach((document, i) => {
    const concepts = conceptsOf[i]!;
    const pairs = pairsOf[i]!;
    const context = { tokenizer, entityTypes, labelSpace, maxTokens, warn };
    const result = encodeDocument(document, concepts, pairs, context, layouts[i]);
    encoded.push(result.encoded);
    report.addDocument(concepts, pairs, result);
  });
  return {
    schema,
    documents: encoded,
    pairs: pairsOf.map((p) => p.pairs),
    concepts: conceptsOf.map((c) => c.concepts),
    tokenizer,
    labelSpace,
    entityTypes,
    allowedTypePairs: candidates.allowedTypePairs,
    maxTokens,
    report: report.build(warnings, candidates.report.unknownEntityTypes),
    warnings,
  };
}

/** Options of {@link buildCandidates}. */
export interface BuildCandidatesOptions {
  schema?: RelationSchema;
  pairFilter?: PairFilterOption;
  onWarning?: WarningHandler;
  /** Renames entity types as they are read (e.g. CDR's `Chemical` to BioRED's `ChemicalEntity`). */
  typeMap?: TypeMapping;
  /**
   * The entity types a model knows (default: `entityTypes` when given to `buildDataset`). The
   * report's `unknownEntityTypes` then counts the other types and the candidate pairs they cost.
   */
  knownTypes?: Iterable<string>;
}

/** Concepts and labelled candidate pairs of documents, before any tokenization. */
export interface CandidateSet {
  schema: RelationSchema;
  documents: BioCDocument[];
  concepts: DocumentConcepts[];
  pairs: DocumentPairs[];
  allowedTypePairs: ReadonlySet<string> | null;
  /** The accounting without token statistics (`tokenLengths` all 0, nothing truncated). */
  report: DatasetReport;
  warnings: DatasetWarning[];
}

/**
 * The first half of {@link buildDataset}: concepts, candidate pairs and the accounting of every
 * gold relation, without tokenizing (cheap; for statistics and candidate recall). For inputs too
 * large to hold, use {@link CandidateBuilder} document by document.
 */
export function buildCandidates(
  input: Iterable<BioCDocument>,
  opts: BuildCandidatesOptions = {},
): CandidateSet {
  const documents = [...input];
  const schema = opts.schema ?? detectSchema(documents);
  let pairFilter = opts.pairFilter ?? "all";
  // The seen type pairs need every document first: one silent unfiltered pass finds them.
  if (pairFilter === "seen-type-pairs") pairFilter = seenTypePairs(documents, schema, opts.typeMap);
  const builder = new CandidateBuilder({ ...opts, schema, pairFilter });
  const concepts: DocumentConcepts[] = [];
  const pairs: DocumentPairs[] = [];
  for (const document of documents) {
    const one = builder.add(document);
    concepts.push(one.concepts);
    pairs.push(one.pairs);
  }
  return {
    schema,
    documents,
    concepts,
    pairs,
    allowedTypePairs: builder.allowedTypePairs,
    report: builder.report(),
    warnings: builder.warnings(),
  };
}

/** Entity-type pairs of the gold relations that map to candidate pairs. */
function seenTypePairs(
  documents: readonly BioCDocument[],
  schema: RelationSchema,
  typeMap: TypeMapping | undefined,
): Set<string> {
  const seen = new Set<string>();
  for (const d of documents) {
    const concepts = buildConcepts(d, { schema, ...(typeMap ? { typeMap } : {}) }).concepts;
    for (const pair of candidatePairs(d, concepts, schema).pairs) {
      if (pair.label !== NONE_LABEL) seen.add(typePairKey(pair.head.type, pair.tail.type));
    }
  }
  return seen;
}

function relationTypes(documents: readonly BioCDocument[], schema: RelationSchema): string[] {
  const types = new Set<string>();
  for (const d of documents) {
    for (const r of allRelations(d)) {
      const type = r.infons[schema.relationTypeKey];
      if (type) types.add(type);
    }
  }
  return [...types];
}

function* allWords(layouts: readonly DocumentLayout[]): Generator<string> {
  for (const layout of layouts) for (const w of layout.words) yield layout.text(w);
}
