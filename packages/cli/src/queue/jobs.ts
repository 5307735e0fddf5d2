import { createHash } from "node:crypto";
import type { BioCFormat } from "@biore/bioc-io";
import type { TypeMapping } from "@biore/relation-dataset";
import type { Shard } from "../predict/shards.js";
import type { ShardWarnings } from "../predict/shard-warnings.js";

/** The queue's default name (one queue per model run is simplest; `--queue` picks another). */
export const DEFAULT_QUEUE = "biore-predict";

/** Everything a worker needs to predict one shard; all paths absolute on the shared filesystem. */
export interface PredictJobData {
  shard: string;
  size: number;
  mtimeMs: number;
  gzip: boolean;
  output: string;
  format: BioCFormat;
  outputGzip: boolean;
  model: string;
  modelDigest: string;
  batch: number;
  schema?: string;
  typeMap?: TypeMapping;
}

/** What a finished job returns (kept in Redis; `queue status` sums it). */
export interface PredictJobResult {
  documents: number;
  relations: number;
  bytes: number;
  seconds: number;
  /** True when the output already existed with this model's digest (nothing was redone). */
  skipped: boolean;
  unknownEntityTypes?: { droppedPairs: number; candidatePairs: number; types: string[] };
  /** What reading the shard and building its candidate pairs tolerated; absent when nothing. */
  warnings?: ShardWarnings;
}

/**
 * The job id of a shard under a model: the same file (path, size, modification time) and
 * the same model give the same id, so BullMQ adds it only once however often it is enqueued.
 */
export function jobIdFor(shard: Pick<Shard, "path" | "size" | "mtimeMs">, modelDigest: string) {
  const key = `${shard.path}\0${shard.size}\0${shard.mtimeMs}\0${modelDigest}`;
  return `shard-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}
