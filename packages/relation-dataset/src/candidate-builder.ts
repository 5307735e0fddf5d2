import type { BioCDocument } from "@biore/bioc-io";
import { type DocumentConcepts, buildConcepts } from "./concepts.js";
import type { PairFilterOption } from "./dataset.js";
import { type DocumentPairs, type PairFilter, candidatePairs, typePairKey } from "./pairs.js";
import { type DatasetReport, ReportBuilder } from "./report.js";
import { type RelationSchema, detectSchema } from "./schema.js";
import { TypeCoverageCounter } from "./type-coverage.js";
import type { TypeMapping } from "./type-mapping.js";
import { type DatasetWarning, RelationDatasetError, type WarningHandler } from "./warnings.js";

/** Options of {@link CandidateBuilder}. */
export interface CandidateBuilderOptions {
  /** Corpus conventions; detected from the first document added when absent. */
  schema?: RelationSchema;
  /** `"seen-type-pairs"` needs the whole corpus first, so it is refused here. */
  pairFilter?: Exclude<PairFilterOption, "seen-type-pairs">;
  onWarning?: WarningHandler;
  /** Renames entity types as they are read. */
  typeMap?: TypeMapping;
  /** Entity types a model knows; the report then counts the others (`unknownEntityTypes`). */
  knownTypes?: Iterable<string>;
  /**
   * Keep every warning for `warnings()` (default true). Turn off on large streams: the counts
   * per code stay in the report either way, and `onWarning` still sees each one.
   */
  keepWarnings?: boolean;
}

/** One document's concepts and labelled candidate pairs. */
export interface DocumentCandidates {
  document: BioCDocument;
  concepts: DocumentConcepts;
  pairs: DocumentPairs;
}

/**
 * Builds concepts and candidate pairs one document at a time, keeping only the running
 * accounting, so a corpus of any size streams through in flat memory (feed it from
 * bioc-io's `streamDocuments`).
 */
export class CandidateBuilder {
  /** The type pairs the filter allows, when it was a set; else null. */
  readonly allowedTypePairs: ReadonlySet<string> | null;
  private schemaValue: RelationSchema | undefined;
  private readonly filter: PairFilter | undefined;
  private readonly builder = new ReportBuilder();
  private readonly kept: DatasetWarning[] = [];
  private readonly warningCounts: Record<string, number> = {};
  private readonly coverage: TypeCoverageCounter | undefined;

  constructor(private readonly opts: CandidateBuilderOptions = {}) {
    this.schemaValue = opts.schema;
    const option = opts.pairFilter ?? "all";
    if ((option as PairFilterOption) === "seen-type-pairs") {
      throw new RelationDatasetError(
        "INVALID_ARGUMENT",
        'pair filter "seen-type-pairs" needs every document first; use buildCandidates, or pass the set of type pairs',
      );
    }
    if (option === "all") {
      this.filter = undefined;
      this.allowedTypePairs = null;
    } else if (typeof option === "function") {
      this.filter = option;
      this.allowedTypePairs = null;
    } else {
      const allowed = option;
      this.filter = (h, t) => allowed.has(typePairKey(h.type, t.type));
      this.allowedTypePairs = allowed;
    }
    this.coverage = opts.knownTypes ? new TypeCoverageCounter(opts.knownTypes) : undefined;
  }

  /** The schema in use (detected from the first document when none was given). */
  get schema(): RelationSchema | undefined {
    return this.schemaValue;
  }

  /** Concepts and candidate pairs of one more document. */
  add(document: BioCDocument): DocumentCandidates {
    this.schemaValue ??= detectSchema([document]);
    const schema = this.schemaValue;
    const warn = (w: DatasetWarning): void => {
      if (this.opts.keepWarnings !== false) this.kept.push(w);
      else this.warningCounts[w.code] = (this.warningCounts[w.code] ?? 0) + 1;
      this.opts.onWarning?.(w);
    };
    const typeMap = this.opts.typeMap ? { typeMap: this.opts.typeMap } : {};
    const concepts = buildConcepts(document, { schema, onWarning: warn, ...typeMap });
    let pairs = candidatePairs(document, concepts.concepts, schema, { onWarning: warn });
    // Re-run with the filter; the warnings were reported by the unfiltered pass.
    if (this.filter)
      pairs = candidatePairs(document, concepts.concepts, schema, { filter: this.filter });
    this.builder.addDocument(concepts, pairs);
    this.coverage?.add(concepts);
    return { document, concepts, pairs };
  }

  /** Warnings so far (all of them unless `keepWarnings` was false). */
  warnings(): DatasetWarning[] {
    return [...this.kept];
  }

  /** The accounting so far, without token statistics. */
  report(): DatasetReport {
    const report = this.builder.build(this.kept, this.coverage?.result());
    if (this.opts.keepWarnings === false) report.warningsByCode = { ...this.warningCounts };
    return report;
  }
}
