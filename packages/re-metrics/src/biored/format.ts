import { formatFixed } from "../classification/format-number.js";
import { BIORED_LEVELS, type BioredLevel } from "./document-counts.js";
import type { BioredScores, MicroScores } from "./scores.js";

const LEVEL_NAMES: Record<BioredLevel, string> = {
  pair: "entity pair",
  pairType: "pair + type",
  pairNovelty: "pair + novelty",
  all: "all (type + novelty)",
};

/** Plain-text and Markdown tables of BioRED scores (levels, then pair+type per relation type). */
export interface BioredScoreTables {
  text: string;
  markdown: string;
}

type Row = [string, MicroScores];

/** Renders `bioredScores` output as aligned text and as Markdown (default 4 decimals). */
export function formatBioredScores(scores: BioredScores, digits = 4): BioredScoreTables {
  const levelRows: Row[] = BIORED_LEVELS.map((level) => [LEVEL_NAMES[level], scores[level]]);
  const typeRows: Row[] = Object.entries(scores.perType).map(([type, s]) => [type, s.pairType]);
  const notes: string[] = [];
  const d = scores.duplicates;
  if (d.gold + d.predicted > 0) {
    notes.push(
      `repeated pairs (each distinct relation counted once): ${d.gold} gold, ${d.predicted} predicted (${d.conflictingPredicted} with a different type or novelty)`,
    );
  }
  const x = scores.excluded;
  if (x.gold + x.predicted > 0) {
    notes.push(
      `not scored (type pairs NCBI excludes): ${x.gold} gold, ${x.predicted} predicted identifier pairs`,
    );
  }
  if (scores.missingFromPredictions.length > 0) {
    notes.push(
      `${scores.missingFromPredictions.length} gold documents missing from the predictions (not counted under the ncbi rules, as in NCBI's evaluation)`,
    );
  }
  if (scores.unknownDocuments.length > 0) {
    notes.push(
      `predictions for ${scores.unknownDocuments.length} documents not in gold (counted as FP)`,
    );
  }
  return {
    text: [
      textTable("level", levelRows, digits),
      textTable("pair + type, by relation type", typeRows, digits),
      ...notes,
    ].join("\n"),
    markdown: [
      markdownTable("level", levelRows, digits),
      markdownTable("relation type (pair + type)", typeRows, digits),
      ...notes.map((n) => `_${n}_\n`),
    ].join("\n"),
  };
}

function textTable(title: string, rows: Row[], digits: number): string {
  const width = Math.max(title.length, ...rows.map(([name]) => name.length));
  const head = ["precision", "recall", "f1", "tp", "fp", "fn"].map((h) => h.padStart(10)).join("");
  const lines = [title.padEnd(width) + head];
  for (const [name, s] of rows) {
    const scores = [s.precision, s.recall, s.f1].map((v) => formatFixed(v, digits).padStart(10));
    const counts = [s.tp, s.fp, s.fn].map((v) => String(v).padStart(10));
    lines.push(name.padEnd(width) + scores.join("") + counts.join(""));
  }
  return lines.join("\n") + "\n";
}

function markdownTable(title: string, rows: Row[], digits: number): string {
  const lines = [
    `| ${title} | precision | recall | F1 | TP | FP | FN |`,
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const [name, s] of rows) {
    const f = (v: number) => formatFixed(v, digits);
    lines.push(
      `| ${name} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.f1)} | ${s.tp} | ${s.fp} | ${s.fn} |`,
    );
  }
  return lines.join("\n") + "\n";
}
