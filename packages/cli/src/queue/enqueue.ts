import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { BioCFormat } from "@biore/bioc-io";
import type { TypeMapping } from "@biore/relation-dataset";
import { Queue } from "bullmq";
import { modelFolderDigest } from "../predict/model-digest.js";
import { checkDistinctOutputs, shardFormat, shardOutput } from "../predict/outputs.js";
import { resolveShards } from "../predict/shards.js";
import { connectOnce } from "./connection.js";
import { DEFAULT_QUEUE, type PredictJobData, jobIdFor } from "./jobs.js";

/** Options of {@link enqueue}. */
export interface EnqueueOptions {
  /** `redis://[:password@]host:port[/db]`, or `rediss://` for TLS. */
  redis: string;
  queue?: string;
  /** Model folder, on a filesystem every worker can read. */
  model: string;
  /** Output folder, on a filesystem every worker can write. */
  out: string;
  /** Files, folders and glob patterns. */
  inputs: readonly string[];
  to?: BioCFormat;
  batch?: number;
  schema?: string;
  typeMap?: TypeMapping;
  /** Tries per shard (default 3), with exponential backoff from `backoffMs` (default 2000). */
  attempts?: number;
  backoffMs?: number;
}

/** What {@link enqueue} did. */
export interface EnqueueResult {
  queue: string;
  shards: number;
  added: number;
  /** Shards already in the queue (waiting, running, done or failed) under the same model. */
  alreadyQueued: number;
  modelDigest: string;
}

/** Adds one job per input shard; shards already queued under the same model are not added again. */
export async function enqueue(opts: EnqueueOptions): Promise<EnqueueResult> {
  const model = resolve(opts.model);
  const digest = modelFolderDigest(model);
  const shards = await resolveShards(opts.inputs);
  mkdirSync(opts.out, { recursive: true });
  const target = { kind: "folder" as const, path: resolve(opts.out) };
  const plans = [];
  for (const shard of shards) {
    plans.push({ shard, output: shardOutput(shard, target, await shardFormat(shard), opts.to) });
  }
  checkDistinctOutputs(plans);
  const connection = await connectOnce(opts.redis);
  const name = opts.queue ?? DEFAULT_QUEUE;
  const queue = new Queue<PredictJobData>(name, { connection });
  try {
    const jobs = plans.map(({ shard, output }) => ({
      name: "predict",
      data: {
        shard: shard.path,
        size: shard.size,
        mtimeMs: shard.mtimeMs,
        gzip: shard.gzip,
        output: output.path,
        format: output.format,
        outputGzip: output.gzip,
        model,
        modelDigest: digest,
        batch: opts.batch ?? 32,
        ...(opts.schema ? { schema: opts.schema } : {}),
        ...(opts.typeMap ? { typeMap: opts.typeMap } : {}),
      } satisfies PredictJobData,
      opts: {
        jobId: jobIdFor(shard, digest),
        attempts: opts.attempts ?? 3,
        backoff: { type: "exponential", delay: opts.backoffMs ?? 2000 },
      },
    }));
    const existing = await Promise.all(jobs.map((j) => queue.getJob(j.opts.jobId)));
    const fresh = jobs.filter((_, i) => !existing[i]);
    // A job id BullMQ already holds is not added again, so a racing enqueue adds nothing twice.
    if (fresh.length > 0) await queue.addBulk(fresh);
    return {
      queue: name,
      shards: jobs.length,
      added: fresh.length,
      alreadyQueued: jobs.length - fresh.length,
      modelDigest: digest,
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
