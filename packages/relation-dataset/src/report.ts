import type { DocumentConcepts } from "./concepts.js";
import type { EncodeResult } from "./encoding/encode-document.js";
import type { DocumentPairs, UnmappedRelation } from "./pairs.js";
import type { UnknownEntityTypes } from "./type-coverage.js";
import type { DatasetWarning } from "./warnings.js";

/** Token-length distribution of the documents (before truncation). */
export interface LengthSummary {
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** What a dataset holds and what could not be used, with reasons. */
export interface DatasetReport {
  documents: number;
  documentsWithoutAnnotations: number;
  mentions: number;
  mentionsWithoutIdentifier: number;
  concepts: number;
  candidatePairs: number;
  /** Candidate pairs per label, `None` included. */
  pairsByLabel: Record<string, number>;
  /** Positive pairs marked novel / not novel. */
  novelPairs: { novel: number; notNovel: number };
  goldRelations: number;
  mappedGoldRelations: number;
  /** Every gold relation that is not a labelled candidate pair, with its reason. */
  unmappedGoldRelations: UnmappedRelation[];
  unmappedByReason: Record<string, number>;
  /** mapped / gold (1 when there are no gold relations). */
  candidateRecall: number;
  tokenLengths: LengthSummary;
  truncated: { documents: number; mentions: number; pairs: number };
  /** Labels absent from the (reused) label space, with their pair counts; encoded as None. */
  unknownLabels: Record<string, number>;
  warningsByCode: Record<string, number>;
  /** Entity types the model does not know and the candidate pairs they cost (when known types were given). */
  unknownEntityTypes?: UnknownEntityTypes;
}

/** Accumulates a {@link DatasetReport} document by document. */
export class ReportBuilder {
  private documents = 0;
  private withoutAnnotations = 0;
  private mentions = 0;
  private mentionsWithoutIdentifier = 0;
  private concepts = 0;
  private candidatePairs = 0;
  private readonly pairsByLabel: Record<string, number> = {};
  private readonly novel = { novel: 0, notNovel: 0 };
  private gold = 0;
  private readonly unmapped: UnmappedRelation[] = [];
  private readonly lengths: number[] = [];
  private readonly truncated = { documents: 0, mentions: 0, pairs: 0 };
  private readonly unknownLabels: Record<string, number> = {};

  addDocument(concepts: DocumentConcepts, pairs: DocumentPairs, encoded?: EncodeResult): void {
    this.documents++;
    if (concepts.mentions.length === 0) this.withoutAnnotations++;
    this.mentions += concepts.mentions.length;
    this.mentionsWithoutIdentifier += concepts.mentionsWithoutIdentifier;
    this.concepts += concepts.concepts.length;
    this.candidatePairs += pairs.pairs.length;
    for (const pair of pairs.pairs) {
      this.pairsByLabel[pair.label] = (this.pairsByLabel[pair.label] ?? 0) + 1;
      if (pair.novel === true) this.novel.novel++;
      if (pair.novel === false) this.novel.notNovel++;
    }
    this.gold += pairs.goldRelations;
    this.unmapped.push(...pairs.unmapped);
    if (encoded) {
      this.lengths.push(encoded.tokenCount);
      if (encoded.tokenCount > encoded.encoded.tokenIds.length) this.truncated.documents++;
      this.truncated.mentions += encoded.truncatedMentions;
      this.truncated.pairs += encoded.truncatedPairs;
      for (const label of encoded.unknownLabels) {
        this.unknownLabels[label] = (this.unknownLabels[label] ?? 0) + 1;
      }
    }
  }

  build(
    warnings: readonly DatasetWarning[],
    unknownEntityTypes?: UnknownEntityTypes,
  ): DatasetReport {
    const unmappedByReason: Record<string, number> = {};
    for (const u of this.unmapped)
      unmappedByReason[u.reason] = (unmappedByReason[u.reason] ?? 0) + 1;
    const warningsByCode: Record<string, number> = {};
    for (const w of warnings) warningsByCode[w.code] = (warningsByCode[w.code] ?? 0) + 1;
    const mapped = this.gold - this.unmapped.length;
    return {
      documents: this.documents,
      documentsWithoutAnnotations: this.withoutAnnotations,
      mentions: this.mentions,
      mentionsWithoutIdentifier: this.mentionsWithoutIdentifier,
      concepts: this.concepts,
      candidatePairs: this.candidatePairs,
      pairsByLabel: sortedRecord(this.pairsByLabel),
      novelPairs: { ...this.novel },
      goldRelations: this.gold,
      mappedGoldRelations: mapped,
      unmappedGoldRelations: [...this.unmapped],
      unmappedByReason,
      candidateRecall: this.gold === 0 ? 1 : mapped / this.gold,
      tokenLengths: summarizeLengths(this.lengths),
      truncated: { ...this.truncated },
      unknownLabels: sortedRecord(this.unknownLabels),
      warningsByCode,
      ...(unknownEntityTypes ? { unknownEntityTypes } : {}),
    };
  }
}

/** Nearest-rank percentiles and mean of a list of lengths (zeros when empty). */
export function summarizeLengths(lengths: readonly number[]): LengthSummary {
  if (lengths.length === 0) return { min: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = [...lengths].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return {
    min: sorted[0]!,
    p50: at(0.5),
    p90: at(0.9),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
