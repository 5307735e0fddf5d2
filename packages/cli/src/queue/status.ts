import { Queue } from "bullmq";
import { addWarningCounts } from "../predict/shard-warnings.js";
import { connectOnce } from "./connection.js";
import { DEFAULT_QUEUE, type PredictJobData, type PredictJobResult } from "./jobs.js";

/** Options of {@link queueStatus} and {@link retryFailed}. */
export interface QueueCommandOptions {
  redis: string;
  queue?: string;
}

/** Where a queue stands (`biore queue status --json` prints this object). */
export interface QueueStatus {
  queue: string;
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  /** Waiting for a retry after a failed attempt. */
  delayed: number;
  /** Documents and relations in the completed shards (skipped ones included). */
  documents: number;
  relations: number;
  /** Over the recently completed shards (up to 1,000): wall-clock documents per second; null before any. */
  documentsPerSecond: number | null;
  /** Seconds until the waiting, delayed and active shards are done at that pace; null when unknown. */
  etaSeconds: number | null;
  /** What the recently completed shards tolerated (read and candidate-pair warnings), by code. */
  warnings: Record<string, number>;
  /** The first failed shards and why. */
  failures: Array<{ shard: string; reason: string }>;
}

const RECENT = 1000;

/** Counts by state, throughput of the recent shards and the time left. */
export async function queueStatus(opts: QueueCommandOptions): Promise<QueueStatus> {
  const connection = await connectOnce(opts.redis);
  const name = opts.queue ?? DEFAULT_QUEUE;
  const queue = new Queue<PredictJobData, PredictJobResult>(name, { connection });
  try {
    const counts = await queue.getJobCounts(
      "waiting",
      "active",
      "completed",
      "failed",
      "delayed",
      "prioritized",
      "paused",
    );
    const completed = await queue.getCompleted(0, RECENT - 1);
    let documents = 0;
    let relations = 0;
    let bytes = 0;
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    const warnings: Record<string, number> = {};
    for (const job of completed) {
      const r = job.returnvalue;
      if (!r) continue;
      if (r.warnings) {
        addWarningCounts(warnings, r.warnings.read.counts);
        addWarningCounts(warnings, r.warnings.data.counts);
      }
      documents += r.documents;
      relations += r.relations;
      if (r.skipped) continue;
      bytes += r.bytes;
      first = Math.min(first, job.processedOn ?? first);
      last = Math.max(last, job.finishedOn ?? last);
    }
    const freshDocuments = completed
      .filter((j) => j.returnvalue && !j.returnvalue.skipped)
      .reduce((n, j) => n + j.returnvalue.documents, 0);
    const span = (last - first) / 1000;
    const documentsPerSecond = span > 0 ? freshDocuments / span : null;
    const bytesPerSecond = span > 0 ? bytes / span : null;
    const pending = await queue.getJobs(["waiting", "delayed", "active", "prioritized", "paused"]);
    const pendingBytes = pending.reduce((n, j) => n + (j?.data.size ?? 0), 0);
    const failed = await queue.getFailed(0, 19);
    return {
      queue: name,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.paused ?? 0),
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      delayed: counts.delayed ?? 0,
      documents,
      relations,
      documentsPerSecond,
      etaSeconds:
        bytesPerSecond && bytesPerSecond > 0
          ? pendingBytes / bytesPerSecond
          : pending.length === 0
            ? 0
            : null,
      warnings,
      failures: failed.map((j) => ({ shard: j.data.shard, reason: j.failedReason })),
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Moves every failed shard back to waiting (fresh attempts); returns how many. */
export async function retryFailed(opts: QueueCommandOptions): Promise<number> {
  const connection = await connectOnce(opts.redis);
  const queue = new Queue<PredictJobData, PredictJobResult>(opts.queue ?? DEFAULT_QUEUE, {
    connection,
  });
  try {
    const failed = await queue.getJobCounts("failed");
    await queue.retryJobs({ state: "failed", count: 1000 });
    return failed.failed ?? 0;
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
