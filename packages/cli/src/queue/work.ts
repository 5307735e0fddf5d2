import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Job, Worker } from "bullmq";
import { redactRedisUrl, workerConnection } from "./connection.js";
import { DEFAULT_QUEUE, type PredictJobData, type PredictJobResult } from "./jobs.js";
import { BACKEND_ENV } from "./process-job.js";

/** Options of {@link work}. */
export interface WorkOptions {
  redis: string;
  queue?: string;
  /** Shards predicted at once, each in its own worker thread (default 1; about one per core). */
  concurrency?: number;
  /** tfjs backend of the processors (default `auto`: wasm in a worker thread, else cpu). */
  backend?: string;
  /**
   * How long a job's lock lasts without renewal (default 30 s): a worker killed mid-shard
   * gives its shard back to the queue after about this long.
   */
  lockDurationMs?: number;
  /** What happens, for logs. */
  onEvent?: (event: WorkEvent) => void;
}

/** Things a worker reports. */
export type WorkEvent =
  | { kind: "started"; shard: string; attempt: number }
  | { kind: "completed"; shard: string; result: PredictJobResult }
  | { kind: "failed"; shard: string; attempt: number; attempts: number; reason: string }
  | { kind: "stalled"; jobId: string }
  | { kind: "redis-retry"; attempt: number; delayMs: number; url: string }
  | { kind: "error"; message: string };

/** A running worker. */
export interface QueueWorker {
  readonly worker: Worker<PredictJobData, PredictJobResult>;
  /** Finishes the running shards, then stops. */
  close(): Promise<void>;
}

/** The built sandbox file: beside this bundle in dist/, or in dist/ when run from the sources. */
export function processorFile(): string {
  const candidates = [
    new URL("./queue-processor.js", import.meta.url),
    new URL("../../dist/queue-processor.js", import.meta.url),
  ];
  for (const c of candidates) {
    const path = fileURLToPath(c);
    if (existsSync(path)) return path;
  }
  throw new Error(
    `the queue processor is not built (looked for ${candidates.map((c) => fileURLToPath(c)).join(", ")}); run \`pnpm --filter @biore/cli build\``,
  );
}

/**
 * Starts a BullMQ worker that predicts queued shards in sandboxed worker threads (the model
 * is loaded once per thread). Failed shards are retried with exponential backoff; shards of
 * a worker that died are taken over after their lock expires (stalled-job recovery).
 */
export function work(opts: WorkOptions): QueueWorker {
  const emit = opts.onEvent ?? (() => {});
  const url = redactRedisUrl(opts.redis);
  process.env[BACKEND_ENV] = opts.backend ?? "auto";
  const connection = workerConnection(opts.redis, (attempt, delayMs) =>
    emit({ kind: "redis-retry", attempt, delayMs, url }),
  );
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const worker = new Worker<PredictJobData, PredictJobResult>(
    opts.queue ?? DEFAULT_QUEUE,
    processorFile(),
    {
      connection,
      concurrency: opts.concurrency ?? 1,
      useWorkerThreads: true,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 2,
    },
  );
  const shardOf = (job: Job<PredictJobData> | undefined) => job?.data.shard ?? "?";
  worker.on("active", (job) =>
    emit({ kind: "started", shard: shardOf(job), attempt: job.attemptsMade + 1 }),
  );
  worker.on("completed", (job, result) => emit({ kind: "completed", shard: shardOf(job), result }));
  worker.on("failed", (job, error) =>
    emit({
      kind: "failed",
      shard: shardOf(job),
      attempt: job?.attemptsMade ?? 0,
      attempts: job?.opts.attempts ?? 1,
      reason: error.message,
    }),
  );
  worker.on("stalled", (jobId) => emit({ kind: "stalled", jobId }));
  // Connection errors are retried by the connection itself (and reported as redis-retry).
  worker.on("error", (error) => {
    if (!/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|Connection is closed/.test(error.message))
      emit({ kind: "error", message: error.message });
  });
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
