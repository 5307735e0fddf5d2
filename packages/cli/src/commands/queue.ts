import type { Command } from "commander";
import type { BioCFormat } from "@biore/bioc-io";
import type { TypeMapping } from "@biore/relation-dataset";
import type { Output } from "../output.js";
import { shardWarningLines } from "../predict/shard-warnings.js";
import { enqueue } from "../queue/enqueue.js";
import { queueStatus, retryFailed } from "../queue/status.js";
import { type WorkEvent, work } from "../queue/work.js";
import { QueueError, type QueueErrorCode } from "../queue/errors.js";
import { UserError } from "../user-error.js";
import { addInputConventionOptions, withPredictHints } from "./predict.js";
import { integerOption } from "./common.js";

const QUEUE_HINTS: Record<QueueErrorCode, string> = {
  REDIS_UNREACHABLE:
    "start Redis, or check --redis: host, port, password (redis://:PASSWORD@host:port), rediss:// for TLS",
  INVALID_REDIS_URL: "write it as redis://[:password@]host:port[/db] (rediss:// for TLS)",
  MODEL_CHANGED: "enqueue the shards again with the model as it is now",
};

/** Runs a queue action; its QueueErrors and PredictErrors become one line and a hint. */
function withQueueHints(action: () => Promise<void>): Promise<void> {
  return withPredictHints(async () => {
    try {
      await action();
    } catch (error) {
      if (error instanceof QueueError)
        throw new UserError(error.message, `${QUEUE_HINTS[error.code]} [${error.code}]`);
      throw error;
    }
  });
}

const REDIS_HELP = "Redis URL: redis://[:password@]host:port[/db], rediss://... for TLS";

function duration(seconds: number | null): string {
  if (seconds === null) return "unknown";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function describeEvent(e: WorkEvent): string {
  switch (e.kind) {
    case "started":
      return `started ${e.shard} (attempt ${e.attempt})`;
    case "completed":
      if (e.result.skipped) return `skipped ${e.shard}: its output already exists for this model`;
      return [
        `done ${e.shard}: ${e.result.documents} documents, ${e.result.relations} relations, ${e.result.seconds.toFixed(1)} s`,
        ...(e.result.warnings ? shardWarningLines(e.shard, e.result.warnings) : []),
      ].join("\n");
    case "failed":
      return e.attempt < e.attempts
        ? `attempt ${e.attempt}/${e.attempts} of ${e.shard} failed, will retry: ${e.reason}`
        : `FAILED ${e.shard} after ${e.attempt} attempt(s): ${e.reason}`;
    case "stalled":
      return `job ${e.jobId} stalled (its worker died); it goes back to the queue`;
    case "redis-retry":
      return `cannot reach Redis at ${e.url}; retrying in ${(e.delayMs / 1000).toFixed(0)} s (attempt ${e.attempt})`;
    case "error":
      return `worker error: ${e.message}`;
  }
}

/** `biore queue enqueue|work|status|retry-failed`: predict over many machines with BullMQ + Redis. */
export function registerQueue(program: Command, output: Output): void {
  const queue = program
    .command("queue")
    .description(
      "predict at scale: enqueue shards in Redis (BullMQ), run workers on any machine that shares the model and output folders",
    );

  const enqueueCommand = queue
    .command("enqueue")
    .description(
      "add one job per input file; files already queued with the same model are not added again",
    )
    .requiredOption("--redis <url>", REDIS_HELP)
    .requiredOption("--model <dir>", "model folder (every worker must read it at this path)")
    .requiredOption("--out <dir>", "output folder (every worker must write it at this path)")
    .argument(
      "<inputs...>",
      "input files, folders or glob patterns (BioC JSON/XML, PubTator; .gz too)",
    )
    .option("--queue <name>", "queue name", "biore-predict")
    .option("--to <format>", "output format: json, xml or pubtator (default: the input's)")
    .option("--batch <n>", "documents per forward pass", integerOption(1), 32)
    .option("--attempts <n>", "tries per shard before it is failed", integerOption(1), 3);
  addInputConventionOptions(enqueueCommand).action(
    async (
      inputs: string[],
      opts: {
        redis: string;
        model: string;
        out: string;
        queue: string;
        to?: BioCFormat;
        batch: number;
        attempts: number;
        schema?: string;
        mapTypes?: TypeMapping;
      },
    ) =>
      withQueueHints(async () => {
        const r = await enqueue({
          redis: opts.redis,
          queue: opts.queue,
          model: opts.model,
          out: opts.out,
          inputs,
          batch: opts.batch,
          attempts: opts.attempts,
          ...(opts.to ? { to: opts.to } : {}),
          ...(opts.schema ? { schema: opts.schema } : {}),
          ...(opts.mapTypes ? { typeMap: opts.mapTypes } : {}),
        });
        output.out(
          `queue ${r.queue}: ${r.added} shard(s) added, ${r.alreadyQueued} already queued (model ${r.modelDigest.slice(0, 12)})`,
        );
      }),
  );

  queue
    .command("work")
    .description("predict queued shards until stopped (Ctrl-C finishes the running shards first)")
    .requiredOption("--redis <url>", REDIS_HELP)
    .option("--queue <name>", "queue name", "biore-predict")
    .option(
      "--concurrency <n>",
      "shards at once, each in its own thread (about one per core)",
      integerOption(1),
      1,
    )
    .option(
      "--lock-duration <ms>",
      "a dead worker's shard goes back to the queue after this long",
      integerOption(1000),
      30_000,
    )
    .action(
      async (opts: { redis: string; queue: string; concurrency: number; lockDuration: number }) => {
        const worker = work({
          redis: opts.redis,
          queue: opts.queue,
          concurrency: opts.concurrency,
          lockDurationMs: opts.lockDuration,
          backend: program.opts<{ backend: string }>().backend,
          onEvent: (e) => output.err(describeEvent(e)),
        });
        output.err(
          `worker on queue ${opts.queue}: concurrency ${opts.concurrency}; Ctrl-C to stop after the running shards`,
        );
        await new Promise<void>((resolve) => {
          const stop = (signal: NodeJS.Signals) => {
            output.err(`${signal}: finishing the running shards, then stopping`);
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            void worker.close().then(resolve);
          };
          process.on("SIGINT", stop);
          process.on("SIGTERM", stop);
        });
      },
    );

  queue
    .command("status")
    .description("waiting / active / completed / failed shards, documents/s and time left")
    .requiredOption("--redis <url>", REDIS_HELP)
    .option("--queue <name>", "queue name", "biore-predict")
    .option("--json", "print the status as one JSON object")
    .action((opts: { redis: string; queue: string; json?: boolean }) =>
      withQueueHints(async () => {
        const s = await queueStatus({ redis: opts.redis, queue: opts.queue });
        if (opts.json) {
          output.out(JSON.stringify(s));
          return;
        }
        output.out(
          `queue ${s.queue}: ${s.waiting} waiting, ${s.active} active, ${s.completed} completed, ${s.failed} failed, ${s.delayed} waiting to retry`,
        );
        output.out(
          `${s.documents.toLocaleString("en-US")} documents, ${s.relations.toLocaleString("en-US")} relations done; ${s.documentsPerSecond === null ? "no rate yet" : `${s.documentsPerSecond.toFixed(1)} documents/s`}; ETA ${duration(s.etaSeconds)}`,
        );
        const tolerated = Object.entries(s.warnings).map(([code, n]) => `${n} ${code}`);
        if (tolerated.length > 0)
          output.out(`tolerated in completed shards: ${tolerated.join(", ")}`);
        for (const f of s.failures) output.out(`failed: ${f.shard}: ${f.reason}`);
      }),
    );

  queue
    .command("retry-failed")
    .description("move every failed shard back to the queue with fresh attempts")
    .requiredOption("--redis <url>", REDIS_HELP)
    .option("--queue <name>", "queue name", "biore-predict")
    .action((opts: { redis: string; queue: string }) =>
      withQueueHints(async () => {
        const n = await retryFailed({ redis: opts.redis, queue: opts.queue });
        output.out(`queue ${opts.queue}: ${n} failed shard(s) moved back to waiting`);
      }),
    );
}
