import { type BioCDocument, streamDocuments } from "@biore/bioc-io";
import {
  DEFAULT_MAX_TOKENS,
  type DatasetReport,
  type RelationSchema,
  Tokenizer,
  type UnmappedRelation,
  buildConcepts,
  buildDataset,
  detectSchema,
  layoutDocument,
  summarizeLengths,
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
  const maxTokens = opts.maxTokens ?? DEFAULT_MAX_TOKENS;
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

/** Documents encoded per `buildDataset` call in the streaming pass (memory stays bounded by it). */
const STREAM_BATCH = 64;
/** Documents the schema is detected from, as `buildDataset` does. */
const SCHEMA_DOCUMENTS = 50;

/**
 * `computePairStats` of a BioC JSON/XML or PubTator file, in flat memory: one streaming pass
 * fits the tokenizer on the file's words (keeping only word counts), a second streams the
 * documents through pair building and encoding in small batches and sums their reports.
 */
export async function computeFilePairStats(
  file: string,
  opts: PairStatsOptions = {},
): Promise<PairStats> {
  const maxTokens = opts.maxTokens ?? DEFAULT_MAX_TOKENS;
  // `biore stats` has already streamed this file and reported its warnings once
  const quiet = { onWarning: () => {} };
  let schema = opts.schema;
  const head: BioCDocument[] = [];
  const wordCounts = new Map<string, number>();
  const countWords = (doc: BioCDocument, s: RelationSchema) => {
    const layout = layoutDocument(doc, buildConcepts(doc, { schema: s }).mentions);
    for (const w of layout.words) {
      const word = layout.text(w);
      wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
    }
  };
  for await (const doc of streamDocuments(file, quiet)) {
    if (schema) {
      countWords(doc, schema);
      continue;
    }
    head.push(doc);
    if (head.length === SCHEMA_DOCUMENTS) {
      schema = detectSchema(head);
      for (const d of head.splice(0)) countWords(d, schema);
    }
  }
  if (!schema) schema = detectSchema(head);
  for (const d of head.splice(0)) countWords(d, schema);
  const tokenizer = Tokenizer.fit(repeatWords(wordCounts));
  wordCounts.clear();

  const sum = new ReportSum();
  let batch: BioCDocument[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const ds = buildDataset(batch, { schema, tokenizer, maxTokens });
    sum.add(
      ds.report,
      ds.documents.map((d) => d.tokenCount ?? d.tokenIds.length),
    );
    batch = [];
  };
  for await (const doc of streamDocuments(file, quiet)) {
    batch.push(doc);
    if (batch.length >= STREAM_BATCH) flush();
  }
  flush();
  return { schema: schema.name, maxTokens, ...sum.result() };
}

/** Each word as often as it was counted, in first-seen order (what `Tokenizer.fit` would have seen). */
function* repeatWords(counts: ReadonlyMap<string, number>): Generator<string> {
  for (const [word, n] of counts) for (let i = 0; i < n; i++) yield word;
}

/** Adds up the dataset reports of consecutive batches into one. */
class ReportSum {
  private readonly r = {
    documents: 0,
    documentsWithoutAnnotations: 0,
    mentions: 0,
    mentionsWithoutIdentifier: 0,
    concepts: 0,
    candidatePairs: 0,
    goldRelations: 0,
    mappedGoldRelations: 0,
  };
  private readonly pairsByLabel: Record<string, number> = {};
  private readonly unmapped: UnmappedRelation[] = [];
  private readonly unmappedByReason: Record<string, number> = {};
  private readonly warningsByCode: Record<string, number> = {};
  private readonly lengths: number[] = [];
  private readonly truncated = { documents: 0, mentions: 0, pairs: 0 };

  add(report: DatasetReport, tokenCounts: readonly number[]): void {
    for (const key of Object.keys(this.r) as Array<keyof ReportSum["r"]>)
      this.r[key] += report[key];
    addCounts(this.pairsByLabel, report.pairsByLabel);
    addCounts(this.unmappedByReason, report.unmappedByReason);
    addCounts(this.warningsByCode, report.warningsByCode);
    // Copies: their strings are slices of the reader's 1 MB text chunks, and keeping a slice
    // keeps its whole chunk alive (V8 sliced strings): memory would grow with the file.
    for (const u of report.unmappedGoldRelations) this.unmapped.push(JSON.parse(JSON.stringify(u)));
    this.lengths.push(...tokenCounts);
    this.truncated.documents += report.truncated.documents;
    this.truncated.mentions += report.truncated.mentions;
    this.truncated.pairs += report.truncated.pairs;
  }

  result(): Omit<PairStats, "schema" | "maxTokens"> {
    const pairsByLabel = Object.fromEntries(
      Object.entries(this.pairsByLabel).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return {
      ...this.r,
      pairsByLabel,
      candidateRecall:
        this.r.goldRelations === 0 ? 1 : this.r.mappedGoldRelations / this.r.goldRelations,
      unmappedGoldRelations: this.unmapped,
      unmappedByReason: this.unmappedByReason,
      tokenLengths: summarizeLengths(this.lengths),
      truncated: this.truncated,
      warningsByCode: this.warningsByCode,
    };
  }
}

function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
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
