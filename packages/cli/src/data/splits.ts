import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../user-error.js";

/** The three splits a corpus folder may hold. */
export type SplitName = "train" | "dev" | "test";
/** File formats the CLI reads and writes. */
export type CorpusFormat = "json" | "xml" | "pubtator";

/** One corpus file, its split and format. */
export interface SplitFile {
  split: SplitName;
  format: CorpusFormat;
  path: string;
}

/** The files found for each split, best format first (JSON, then XML, then PubTator). */
export type SplitFiles = Partial<Record<SplitName, SplitFile>>;

const FORMAT_RANK: Record<CorpusFormat, number> = { json: 0, xml: 1, pubtator: 2 };

/** The format a file name says it has, or undefined for anything else. */
export function formatOfName(name: string): CorpusFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".xml")) return "xml";
  if (lower.endsWith(".pubtator") || lower.endsWith(".pubtator.txt")) return "pubtator";
  if (lower.endsWith(".txt") && lower.includes("pubtator")) return "pubtator";
  return undefined;
}

/** The split a file name names (Train/Training, Dev/Development/Valid, Test), or undefined. */
export function splitOfName(name: string): SplitName | undefined {
  const lower = name.toLowerCase();
  if (/(^|[^a-z])(train|training|trainingset)([^a-z]|set|$)/.test(lower)) return "train";
  if (/(^|[^a-z])(dev|devel|development|developmentset|valid|validation)([^a-z]|set|$)/.test(lower))
    return "dev";
  if (/(^|[^a-z])(test|testset)([^a-z]|set|$)/.test(lower)) return "test";
  return undefined;
}

/**
 * Finds Train/Dev/Test files in a folder, in any of BioC JSON, BioC XML or
 * PubTator; when a split comes in several formats the richest one wins.
 */
export function discoverSplits(dir: string): SplitFiles {
  const found: SplitFiles = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const format = formatOfName(name);
    const split = splitOfName(name);
    if (!format || !split) continue;
    const current = found[split];
    if (!current || FORMAT_RANK[format] < FORMAT_RANK[current.format]) {
      found[split] = { split, format, path };
    }
  }
  return found;
}

/** Corpus files in a folder when no split is named: every BioC/PubTator file. */
function corpusFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => formatOfName(name) !== undefined)
    .map((name) => join(dir, name));
}

/**
 * The file of one split under `--data`: a file is taken as it is; a folder
 * must hold a file for that split. Errors say what was found instead.
 */
export function resolveSplit(data: string, split: SplitName): SplitFile {
  const stat = statSync(data, { throwIfNoEntry: false });
  if (!stat) {
    throw new UserError(
      `${data} does not exist`,
      "pass --data <dir|file> with BioC (JSON/XML) or PubTator files",
    );
  }
  if (stat.isFile()) {
    const format = formatOfName(data);
    if (!format) {
      throw new UserError(
        `${data} is not a BioC JSON/XML or PubTator file (by its extension)`,
        "name it *.json, *.xml or *.pubtator",
      );
    }
    return { split, format, path: data };
  }
  const splits = discoverSplits(data);
  const file = splits[split];
  if (file) return file;
  const any = corpusFilesIn(data);
  if (any.length === 0) {
    throw new UserError(
      `${data} holds no BioC (JSON/XML) or PubTator files`,
      "point --data at a folder with e.g. Train.BioC.JSON and Dev.BioC.JSON, or at one file",
    );
  }
  const have = Object.keys(splits);
  throw new UserError(
    `${data} has no ${split} split (found ${have.length ? have.join(", ") : `only ${any.length} unsplit file(s)`})`,
    `name the file like ${split[0]!.toUpperCase()}${split.slice(1)}.BioC.JSON, or pass that file directly`,
  );
}
