import { BioreError } from "@biore/internal";

/** Stable codes of the work queue's errors. */
export type QueueErrorCode = "REDIS_UNREACHABLE" | "INVALID_REDIS_URL" | "MODEL_CHANGED";

/** A queue problem: the message names the Redis (password hidden) or the shard. */
export class QueueError extends BioreError {
  override readonly name = "QueueError";
  constructor(
    override readonly code: QueueErrorCode,
    message: string,
    where?: string,
  ) {
    super(code, message, { where });
  }
}
