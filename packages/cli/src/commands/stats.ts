import {
  type CollectionStats,
  addDocumentStats,
  emptyStats,
  streamDocuments,
} from "@biore/bioc-io";
import type { Command } from "commander";
import type { Output } from "../output.js";
import { ReadWarnings } from "./read-warnings.js";
import { UserError } from "../user-error.js";
import { biocUserError, requireInputFile } from "./convert.js";
import { computeFilePairStats, formatPairStats } from "./stats-pairs.js";

/** What `biore stats FILE --json` prints. */
export interface FileStats extends CollectionStats {
  file: string;
  format: string;
}

/** Counts a BioC JSON/XML or PubTator file while streaming it (flat memory). */
export async function computeFileStats(
  file: string,
  warnings = new ReadWarnings(),
  strict = false,
): Promise<FileStats> {
  requireInputFile(file);
  try {
    const stream = streamDocuments(file, { onWarning: warnings.onWarning, strict });
    const stats = emptyStats();
    for await (const doc of stream) addDocumentStats(stats, doc);
    return { file, format: await stream.format(), ...stats };
  } catch (error) {
    throw biocUserError(error);
  }
}

function sortedCounts(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The human-readable report, one line per entry. */
export function formatFileStats(s: FileStats): string[] {
  const lines = [
    `${s.file} (${s.format})`,
    `documents    ${s.documents}`,
    `passages     ${s.passages}`,
    `sentences    ${s.sentences}`,
    `annotations  ${s.annotations}`,
  ];
  const table = (counts: Record<string, number>) => {
    const rows = sortedCounts(counts);
    const width = Math.max(0, ...rows.map(([k]) => k.length));
    for (const [k, v] of rows) lines.push(`    ${k.padEnd(width)}  ${v}`);
  };
  if (s.annotations > 0) {
    lines.push("  by type:");
    table(s.annotationsByType);
  }
  lines.push(`relations    ${s.relations}`);
  if (s.relations > 0) {
    lines.push("  by type:");
    table(s.relationsByType);
    lines.push("  by novelty:");
    table(s.relationsByNovelty);
  }
  return lines;
}

interface StatsOptions {
  json?: boolean;
  pairs?: boolean;
  strict?: boolean;
}

/**
 * `biore stats FILE [--json] [--pairs]`: documents, passages, annotations by type, relations by
 * type and novelty; with `--pairs`, relation-dataset's concepts, candidate pairs and recall.
 */
export function registerStats(program: Command, output: Output): Command {
  return program
    .command("stats")
    .description(
      "count documents, passages, annotations (by type) and relations (by type and novelty)",
    )
    .argument("<file>", "BioC JSON, BioC XML or PubTator file")
    .option("--json", "print one JSON object")
    .option("--pairs", "add concepts, candidate pairs per label, candidate recall, token lengths")
    .option("--strict", "refuse input that lenient reading only warns about, with its location")
    .action(async (file: string, opts: StatsOptions) => {
      if (!file) throw new UserError("no file given", "biore stats FILE");
      const warnings = new ReadWarnings();
      const stats = await computeFileStats(file, warnings, opts.strict === true);
      warnings.report(output, file);
      const pairs = opts.pairs ? await computeFilePairStats(file) : undefined;
      if (opts.json) output.out(JSON.stringify({ ...stats, ...pairs }));
      else {
        const lines = [...formatFileStats(stats), ...(pairs ? formatPairStats(pairs) : [])];
        for (const line of lines) output.out(line);
      }
    });
}
