import { type BioCDocument, readCollection } from "@biore/bioc-io";
import {
  type DatasetReport,
  type RelationSchema,
  type UnmappedRelation,
  buildDataset,
} from "@biore/relation-dataset";

/** The fields of relation-dataset's {@link DatasetReport} that `biore stats --pairs` shows. */
type ReportedField =
  | "documents"
  | "documentsWithoutAnnotations"
  | "mentions"
  | "mentionsWithoutIdentifier"
  | "concepts"
  | "candidatePairs"
  | "pairsByLabel"
  | "goldRelations"
  | "mappedGoldRelations"
  | "candidateRecall"
  | "unmappedGoldRelations"
  | "unmappedByReason"
  | "tokenLengths"
  | "truncated"
  | "warningsByCode";

/**
 * What `biore stats --pairs` reports (also its `--json` object): the dataset
 * report's counts (token lengths from a tokenizer fitted on this file), the
 * schema and the token limit they were computed with.
 */
export type PairStats = Pick<DatasetReport, ReportedField> & { schema: string; maxTokens: number };

/** Options of {@link computePairStats}. */
export interface PairStatsOptions {
  schema?: RelationSchema;
  maxTokens?: number;
}

/** Concepts, candidate pairs per label, candidate recall and token lengths of a corpus. */
export function computePairStats(
  documents: Iterable<BioCDocument>,
  opts: PairStatsOptions = {},
): PairStats {
  const maxTokens = opts.maxTokens ?? 512;
  // Warnings are counted in the report (warningsByCode), so none are lost by not printing each.
  const ds = buildDataset(documents, { schema: opts.schema, maxTokens });
  const r = ds.report;
  return {
    schema: ds.schema.name,
    documents: r.documents,
    documentsWithoutAnnotations: r.documentsWithoutAnnotations,
    mentions: r.mentions,
    mentionsWithoutIdentifier: r.mentionsWithoutIdentifier,
    concepts: r.concepts,
    candidatePairs: r.candidatePairs,
    pairsByLabel: r.pairsByLabel,
    goldRelations: r.goldRelations,
    mappedGoldRelations: r.mappedGoldRelations,
    candidateRecall: r.candidateRecall,
    unmappedGoldRelations: r.unmappedGoldRelations,
    unmappedByReason: r.unmappedByReason,
    tokenLengths: r.tokenLengths,
    maxTokens,
    truncated: r.truncated,
    warningsByCode: r.warningsByCode,
  };
}

/** `computePairStats` of a BioC JSON/XML or PubTator file (read whole: pairs need every document). */
export async function computeFilePairStats(
  file: string,
  opts: PairStatsOptions = {},
): Promise<PairStats> {
  // `biore stats` has already streamed this file and reported its warnings once
  const { documents } = await readCollection(file, { onWarning: () => {} });
  return computePairStats(documents, opts);
}

const MAX_LISTED_UNMAPPED = 20;

/** The human-readable report, one line per entry. */
export function formatPairStats(stats: PairStats): string[] {
  const n = (x: number): string => x.toLocaleString("en-US");
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  const lines = [
    `schema: ${stats.schema}`,
    `documents: ${n(stats.documents)} (${n(stats.documentsWithoutAnnotations)} without annotations)`,
    `mentions: ${n(stats.mentions)} (${n(stats.mentionsWithoutIdentifier)} without identifier, in no concept)`,
    `concepts: ${n(stats.concepts)}`,
    `candidate pairs: ${n(stats.candidatePairs)}`,
  ];
  const width = Math.max(0, ...Object.keys(stats.pairsByLabel).map((l) => l.length));
  for (const [label, count] of Object.entries(stats.pairsByLabel)) {
    lines.push(
      `  ${label.padEnd(width)}  ${n(count).padStart(8)}  ${pct(count / Math.max(1, stats.candidatePairs))}`,
    );
  }
  lines.push(
    `gold relations: ${n(stats.goldRelations)}, mapped to a candidate pair: ${n(stats.mappedGoldRelations)}, candidate recall ${pct(stats.candidateRecall)}`,
  );
  if (stats.unmappedGoldRelations.length > 0) {
    const reasons = Object.entries(stats.unmappedByReason)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(", ");
    lines.push(`unmapped gold relations: ${stats.unmappedGoldRelations.length} (${reasons})`);
    for (const u of stats.unmappedGoldRelations.slice(0, MAX_LISTED_UNMAPPED)) {
      lines.push(
        `  ${u.documentId} ${u.relationId} ${u.label} ${u.head ?? "?"} - ${u.tail ?? "?"}: ${u.reason}`,
      );
    }
    const more = stats.unmappedGoldRelations.length - MAX_LISTED_UNMAPPED;
    if (more > 0) lines.push(`  ... and ${more} more (all in --json)`);
  }
  const t = stats.tokenLengths;
  lines.push(
    `tokens per document: min ${t.min}, p50 ${t.p50}, p90 ${t.p90}, p95 ${t.p95}, p99 ${t.p99}, max ${t.max}, mean ${t.mean.toFixed(1)}`,
  );
  if (stats.truncated.documents > 0) {
    lines.push(
      `over ${stats.maxTokens} tokens (truncated when encoding): ${stats.truncated.documents} documents, ${stats.truncated.mentions} mentions, ${stats.truncated.pairs} pairs left without a mention`,
    );
  }
  const warnings = Object.entries(stats.warningsByCode);
  if (warnings.length > 0) {
    lines.push(`warnings: ${warnings.map(([code, count]) => `${code} ${count}`).join(", ")}`);
  }
  return lines;
}
