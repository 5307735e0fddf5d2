import { createReadStream, mkdirSync, statSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { createGunzip } from "node:zlib";
import { type BioCFormat, detectFormat, formatFromExtension } from "@biore/bioc-io";
import { PredictError } from "./errors.js";
import type { Shard } from "./shards.js";

/** Where one shard's predictions go. */
export interface ShardOutput {
  path: string;
  format: BioCFormat;
  /** Written gzip'd (the input was). */
  gzip: boolean;
}

const EXTENSION: Record<BioCFormat, string> = { json: ".json", xml: ".xml", pubtator: ".pubtator" };
const KNOWN_EXTENSIONS = new Set([".json", ".xml", ".pubtator", ".txt", ".bioc"]);

/** The file name without `.gz` and its corpus extension: `a/b.BioC.JSON.gz` -> `b.BioC`. */
export function shardStem(path: string): string {
  let name = basename(path);
  if (name.toLowerCase().endsWith(".gz")) name = name.slice(0, -3);
  const ext = extname(name);
  return KNOWN_EXTENSIONS.has(ext.toLowerCase()) ? name.slice(0, -ext.length) : name;
}

/** The input's format: from its extension, else from its first bytes (read through gunzip). */
export async function shardFormat(shard: Shard): Promise<BioCFormat> {
  const stem = shard.gzip ? shard.path.slice(0, -3) : shard.path;
  const byName = formatFromExtension(stem);
  if (byName) return byName;
  const head = await firstBytes(shard, 4096);
  return detectFormat(head.toString("utf8"), shard.path);
}

async function firstBytes(shard: Shard, n: number): Promise<Buffer> {
  const raw = createReadStream(shard.path, { start: 0, end: shard.gzip ? 65535 : n - 1 });
  const source = shard.gzip ? raw.pipe(createGunzip()) : raw;
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of source) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= n) break;
    }
  } catch {
    // a truncated gzip head: detect from what was decoded
  } finally {
    raw.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}

/** How `--out` is read: one file (a single input, a name with a corpus extension) or a folder. */
export interface OutputTarget {
  kind: "file" | "folder";
  path: string;
}

/** Decides whether `--out` names a file or a folder; creates the folder when it is one. */
export function outputTarget(out: string, shardCount: number): OutputTarget {
  let isDirectory = false;
  try {
    isDirectory = statSync(out).isDirectory();
  } catch {
    isDirectory = false;
  }
  const stem = out.toLowerCase().endsWith(".gz") ? out.slice(0, -3) : out;
  const looksLikeFile = formatFromExtension(stem) !== undefined && !/[/\\]$/.test(out);
  if (!isDirectory && looksLikeFile) {
    if (shardCount > 1) {
      throw new PredictError(
        "OUTPUT_NOT_A_FOLDER",
        `--out ${out} names one file, but there are ${shardCount} input files; give a folder`,
        out,
      );
    }
    return { kind: "file", path: resolve(out) };
  }
  mkdirSync(out, { recursive: true });
  return { kind: "folder", path: resolve(out) };
}

/** The output of one shard: the `--out` file, or `<folder>/<stem><ext>[.gz]`. */
export function shardOutput(
  shard: Shard,
  target: OutputTarget,
  inputFormat: BioCFormat,
  to: BioCFormat | undefined,
): ShardOutput {
  if (target.kind === "file") {
    const gzip = target.path.toLowerCase().endsWith(".gz");
    const stem = gzip ? target.path.slice(0, -3) : target.path;
    const format = to ?? formatFromExtension(stem);
    if (!format)
      throw new PredictError(
        "UNKNOWN_OUTPUT_FORMAT",
        `cannot tell the output format from ${target.path}`,
      );
    return { path: target.path, format, gzip };
  }
  const format = to ?? inputFormat;
  const name = `${shardStem(shard.path)}${EXTENSION[format]}${shard.gzip ? ".gz" : ""}`;
  return { path: join(target.path, name), format, gzip: shard.gzip };
}

/** Refuses two inputs that would write the same output file, and an output that is an input. */
export function checkDistinctOutputs(plans: ReadonlyArray<{ shard: Shard; output: ShardOutput }>) {
  const inputs = new Set(plans.map((p) => p.shard.path));
  const seen = new Map<string, string>();
  for (const { shard, output } of plans) {
    if (inputs.has(output.path)) {
      throw new PredictError(
        "OUTPUT_IS_AN_INPUT",
        `the output of ${shard.path} would be ${output.path}, which is an input; predict into another --out folder (or pass --to another format)`,
        output.path,
      );
    }
    const other = seen.get(output.path);
    if (other) {
      throw new PredictError(
        "OUTPUT_NAME_CLASH",
        `${other} and ${shard.path} would both be written to ${output.path}; predict them into different --out folders`,
        output.path,
      );
    }
    seen.set(output.path, shard.path);
  }
}
