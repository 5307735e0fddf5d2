import type { BioCDocument } from "@biore/bioc-io";
import { NONE_LABEL } from "./constants.js";
import { type DocumentConcepts, buildConcepts } from "./concepts.js";
import { encodeDocument } from "./encoding/encode-document.js";
import { EntityTypeSpace } from "./entity-types.js";
import { LabelSpace } from "./label-space.js";
import { type DocumentPairs, type PairFilter, candidatePairs, typePairKey } from "./pairs.js";
import { type DatasetReport, ReportBuilder } from "./report.js";
import { type RelationSchema, detectSchema, documentRelations } from "./schema.js";
import { type DocumentLayout, layoutDocument } from "./text/layout.js";
import { Tokenizer, type TokenizerFitOptions } from "./tokenizer.js";
import type { CandidatePair, EncodedDocument, EntityConcept } from "./types.js";
import type { DatasetWarning, WarningHandler } from "./warnings.js";

/**
 * Which concept pairs become candidates: all, only the entity-type pairs seen in these
 * documents' gold relations (training), a given set of type-pair keys (`typePairKey`), or any
 * predicate.
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
  report: DatasetReport;
  warnings: DatasetWarning[];
}

/** Default `maxTokens`. */
export const DEFAULT_MAX_TOKENS = 512;

/**
 * Turns BioC documents into encoded, labelled candidate pairs. Vocabularies absent from the
 * options are fitted on these documents (so call it on the training set first, then pass the
 * training dataset's `tokenizer`, `labelSpace`, `entityTypes` for dev and test).
 */
export function buildDataset(
  input: Iterable<BioCDocument>,
  opts: BuildDatasetOptions = {},
): RelationDataset {
  const candidates = buildCandidates(input, opts);
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
    report: report.build(warnings),
    warnings,
  };
}

/** Options of {@link buildCandidates}. */
export interface BuildCandidatesOptions {
  schema?: RelationSchema;
  pairFilter?: PairFilterOption;
  onWarning?: WarningHandler;
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
 * gold relation, without tokenizing (cheap; for statistics and candidate recall).
 */
export function buildCandidates(
  input: Iterable<BioCDocument>,
  opts: BuildCandidatesOptions = {},
): CandidateSet {
  const documents = [...input];
  const schema = opts.schema ?? detectSchema(documents);
  const warnings: DatasetWarning[] = [];
  const warn = (w: DatasetWarning): void => {
    warnings.push(w);
    opts.onWarning?.(w);
  };
  const concepts = documents.map((d) => buildConcepts(d, { schema, onWarning: warn }));
  let pairs = documents.map((d, i) =>
    candidatePairs(d, concepts[i]!.concepts, schema, { onWarning: warn }),
  );
  const { filter, allowed } = resolveFilter(opts.pairFilter ?? "all", pairs);
  if (filter) {
    // Re-run with the filter; warnings were already reported by the unfiltered pass.
    pairs = documents.map((d, i) => candidatePairs(d, concepts[i]!.concepts, schema, { filter }));
  }
  const report = new ReportBuilder();
  for (let i = 0; i < documents.length; i++) report.addDocument(concepts[i]!, pairs[i]!);
  return {
    schema,
    documents,
    concepts,
    pairs,
    allowedTypePairs: allowed,
    report: report.build(warnings),
    warnings: [...warnings],
  };
}

function resolveFilter(
  option: PairFilterOption,
  unfiltered: readonly DocumentPairs[],
): { filter: PairFilter | undefined; allowed: ReadonlySet<string> | null } {
  if (option === "all") return { filter: undefined, allowed: null };
  if (typeof option === "function") return { filter: option, allowed: null };
  let allowed: ReadonlySet<string>;
  if (option === "seen-type-pairs") {
    const seen = new Set<string>();
    for (const doc of unfiltered) {
      for (const pair of doc.pairs) {
        if (pair.label !== NONE_LABEL) seen.add(typePairKey(pair.head.type, pair.tail.type));
      }
    }
    allowed = seen;
  } else {
    allowed = option;
  }
  return { filter: (h, t) => allowed.has(typePairKey(h.type, t.type)), allowed };
}

function relationTypes(documents: readonly BioCDocument[], schema: RelationSchema): string[] {
  const types = new Set<string>();
  for (const d of documents) {
    for (const r of documentRelations(d)) {
      const type = r.infons[schema.relationTypeKey];
      if (type) types.add(type);
    }
  }
  return [...types];
}

function* allWords(layouts: readonly DocumentLayout[]): Generator<string> {
  for (const layout of layouts) for (const w of layout.words) yield layout.text(w);
}
