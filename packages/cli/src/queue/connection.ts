import { Redis, type RedisOptions } from "ioredis";
import { QueueError } from "./errors.js";

/** The URL with its password (and user) replaced by `***`, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    if (u.username && u.password) u.username = "***";
    return u.toString();
  } catch {
    return "<unparseable Redis URL>";
  }
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new QueueError(
      "INVALID_REDIS_URL",
      "the Redis URL is not a URL; use redis://[:password@]host:port[/db] or rediss:// for TLS",
    );
  }
  if (protocol !== "redis:" && protocol !== "rediss:") {
    throw new QueueError(
      "INVALID_REDIS_URL",
      `the Redis URL must start with redis:// or rediss:// (TLS), not ${protocol}//`,
    );
  }
}

/**
 * A connection for a short command (enqueue, status): it fails at once with one clear
 * {@link QueueError} when Redis cannot be reached, instead of retrying forever.
 * Password, database and TLS (`rediss://`) come from the URL unchanged.
 */
export async function connectOnce(url: string, timeoutMs = 5000): Promise<Redis> {
  checkUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, a TLS failure) says more than
  // connect()'s "Connection is closed"; without a listener ioredis would print it too.
  let cause: Error | undefined;
  redis.on("error", (e: Error) => {
    cause ??= e;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new QueueError(
      "REDIS_UNREACHABLE",
      `cannot reach Redis at ${redactRedisUrl(url)}: ${(cause ?? (e as Error)).message}`,
      redactRedisUrl(url),
    );
  }
  // From here on BullMQ needs its usual options on this connection.
  redis.options.maxRetriesPerRequest = null;
  redis.options.enableOfflineQueue = true;
  return redis;
}

/**
 * A connection for a long-running worker: when Redis goes away it reconnects with
 * exponential backoff (1 s doubling to 30 s), telling `onRetry` each time.
 */
export function workerConnection(
  url: string,
  onRetry: (attempt: number, delayMs: number) => void,
): Redis {
  checkUrl(url);
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => {
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempt - 1, 5));
      onRetry(attempt, delay);
      return delay;
    },
  };
  return new Redis(url, options);
}
